export { createHikerApiProvider, HIKERAPI_DEFAULT_BASE_URL, type HikerApiOptions } from './provider';
export { mapHikerApiError } from './errors';
export * from './schemas';
export * from './normalize';
