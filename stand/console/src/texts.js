// Console texts and routes come from the contract, the one module for kodex facts.
export { CONSOLE as C, PATHS } from '../../../contract/kodex.ts';
