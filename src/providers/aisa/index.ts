export { AISA_DEFAULT_BASE_URL, AISA_ENDPOINTS, createAisaProvider, type AisaOptions } from './provider';
export { mapAisaError, readAisaErrorBody } from './errors';
export * from './schemas';
export * from './normalize';
