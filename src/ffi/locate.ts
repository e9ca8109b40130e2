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
export function libzmqCandidates(os: OsName): string[] {
  switch (os) {
    case "linux":
      return [
        "libzmq.so.5",
        "libzmq.so",
        "/usr/lib/x86_64-linux-gnu/libzmq.so.5",
        "/usr/lib/aarch64-linux-gnu/libzmq.so.5",
        "/usr/local/lib/libzmq.so.5",
        "/usr/lib64/libzmq.so.5",
      ];
    case "darwin":
      return [
        "/opt/homebrew/lib/libzmq.5.dylib",
        "/usr/local/lib/libzmq.5.dylib",
        "/opt/local/lib/libzmq.5.dylib",
        "libzmq.5.dylib",
        "libzmq.dylib",
      ];
    case "windows":
      return [
        "libzmq.dll",
        "libzmq-v143-mt-4_3_5.dll",
        "libzmq-v142-mt-4_3_5.dll",
        "libzmq-v141-mt-4_3_5.dll",
        "libzmq-v143-mt-4_3_4.dll",
        "libzmq-v142-mt-4_3_4.dll",
        "libzmq-v141-mt-4_3_4.dll",
        "libzmq-mt-4_3_5.dll",
        "libzmq-mt-4_3_4.dll",
      ];
    default:
      return ["libzmq.so.5", "libzmq.so"];
  }
}

/**
 * Loads libzmq with `open`: the file `LIBZMQ_PATH` names when it is set (and nothing else: a
 * path that does not load is an error naming it), else the first conventional name that loads.
 */
export function loadLibzmq<L>(os: OsName, env: EnvPath, open: (path: string) => L): { lib: L; path: string } {
  if (env.value) {
    try {
      return { lib: open(env.value), path: env.value };
    } catch (e) {
      throw new Error(
        `libzmq could not be loaded from LIBZMQ_PATH=${env.value}: ${firstLine(e)}\n` +
          "Point LIBZMQ_PATH to libzmq (>= 4.3), or unset it to use the system's libzmq.",
      );
    }
  }
  const tried: { path: string; error: string }[] = [];
  for (const path of libzmqCandidates(os)) {
    try {
      return { lib: open(path), path };
    } catch (e) {
      tried.push({ path, error: firstLine(e) });
    }
  }
  throw libzmqNotFound(tried, env.unread);
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0];
}

/** The C library with poll(2), pipe(2) and memcpy for the event loop. */
export function libcName(os: OsName): string {
  if (os === "darwin") return "libSystem.B.dylib";
  return "libc.so.6";
}

/** The error thrown when no candidate loads: every path tried, and how to install libzmq. */
export function libzmqNotFound(tried: { path: string; error: string }[], unread?: string): Error {
  const lines = [
    "libzmq could not be loaded. Paths tried, in order:",
    ...tried.map((t) => `  ${t.path}: ${t.error}`),
    ...(unread ? [`LIBZMQ_PATH was not read: ${unread}.`] : []),
    "Set LIBZMQ_PATH to the full path of libzmq (>= 4.3), or install it:",
    "  Debian/Ubuntu: sudo apt-get install libzmq5",
    "  Fedora/RHEL:   sudo dnf install zeromq",
    "  Alpine:        apk add libzmq",
    "  macOS:         brew install zeromq   (or: sudo port install zmq)",
    "  Windows:       vcpkg install zeromq, then set LIBZMQ_PATH to libzmq-*.dll",
  ];
  return new Error(lines.join("\n"));
}
