import { inProcessProvider } from './in-process';

/** VS Code language models: served by the host's LocalProvider; VS Code lists the models. */
export const vscodeLm = inProcessProvider('vscode-lm', 'vscode');
