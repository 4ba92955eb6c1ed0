/** The REPL layer, for the daemon to wire in (see docs/repl.md). */
export { ReplEvaluator, type EvalResult, type ReplEvaluatorOptions } from "./evaluator.ts";
export { ReplSession, type ReplCommand, type ReplOutput, type ReplSessionOptions } from "./conversation.ts";
export { ReplServer, defaultSocketPath, type ClientStreams, type OnClient } from "./socket-server.ts";
export { attach, attachTcp, type AttachStreams } from "./socket-client.ts";
export { SocketPathError } from "./socket-path.ts";
