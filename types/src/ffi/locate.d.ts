/** Where libzmq is looked for, in order (DESIGN.md "Finding libzmq"), and loading it. */
export type OsName = "linux" | "darwin" | "windows" | "other";
/** `LIBZMQ_PATH` as the backend could read it. */
export interface EnvPath {
    /** Its value, if set and readable. */
    value?: string;
    /** Why it was not read, if it was not (Deno without env permission). */
    unread?: string;
}
/** The conventional library names and paths for an OS, in the order they are tried. */
export declare function libzmqCandidates(os: OsName): string[];
/**
 * Loads libzmq with `open`: the file `LIBZMQ_PATH` names when it is set (and nothing else: a
 * path that does not load is an error naming it), else the first conventional name that loads.
 */
export declare function loadLibzmq<L>(os: OsName, env: EnvPath, open: (path: string) => L): {
    lib: L;
    path: string;
};
/** The C library with poll(2), pipe(2) and memcpy for the event loop. */
export declare function libcName(os: OsName): string;
/** The error thrown when no candidate loads: every path tried, and how to install libzmq. */
export declare function libzmqNotFound(tried: {
    path: string;
    error: string;
}[], unread?: string): Error;
