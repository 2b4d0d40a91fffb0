// What other capabilities (contracts, billing, imports) may call.
export { servicePriceAt } from './prices.ts';
export { resolveService } from './services.ts';
