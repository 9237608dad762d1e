export declare const DEFAULT_MAX_BODY_BYTES: number;
export declare function maxBodyBytesFromEnv(env?: Record<string, string | undefined>): number;
