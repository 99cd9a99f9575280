import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logger for one service; `service` is added to every line. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({ level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
