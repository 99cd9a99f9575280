import { z } from 'zod';

/** Every chain the API serves, in the order lists and indexes walk them (the GraphQL `Chain` enum). */
export const CHAINS = ['SOLANA', 'ETHEREUM', 'BASE', 'BSC'] as const;

/** A chain the API serves. */
export type Chain = (typeof CHAINS)[number];

/** A chain name as events carry it. */
export const chainSchema = z.enum(CHAINS);

/** Whether a string names a chain the API serves. */
export const isChain = (value: string): value is Chain => (CHAINS as readonly string[]).includes(value);
