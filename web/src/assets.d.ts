/** esbuild bundles imported CSS into board.css beside board.js. */
declare module '*.css';
