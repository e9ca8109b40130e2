/** The version of the loaded libzmq. */
export declare function version(): {
    major: number;
    minor: number;
    patch: number;
};
/** Whether libzmq supports a capability: "ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft". */
export declare function has(capability: string): boolean;
/** Encodes bytes (a length that is a multiple of 4) as Z85 text. */
export declare function z85Encode(data: Uint8Array): string;
/** Decodes Z85 text (a length that is a multiple of 5) into bytes. */
export declare function z85Decode(text: string): Uint8Array;
/** A new CURVE key pair as Z85 strings (needs `has("curve")`). */
export declare function curveKeyPair(): {
    publicKey: string;
    secretKey: string;
};
/** The Z85 public key that belongs to a Z85 secret key. */
export declare function curvePublicKey(secretKey: string): string;
