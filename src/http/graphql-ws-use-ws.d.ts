// TypeScript's node10 resolution ignores package "exports"; Node, tsx and jest follow them to
// graphql-ws's `use/ws` entry. This names the same declarations for the type checker.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws.cjs';
}
