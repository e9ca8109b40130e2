/** Where libzmq is looked for, in order (DESIGN.md "Finding libzmq"). */

export type OsName = "linux" | "darwin" | "windows" | "other";

/** The candidate library paths for an OS, after `LIBZMQ_PATH` if it is set. */
export function libzmqCandidates(os: OsName, envPath: string | undefined): string[] {
  const names: string[] = [];
  if (envPath) names.push(envPath);
  switch (os) {
    case "linux":
      names.push(
        "libzmq.so.5",
        "libzmq.so",
        "/usr/lib/x86_64-linux-gnu/libzmq.so.5",
        "/usr/lib/aarch64-linux-gnu/libzmq.so.5",
        "/usr/local/lib/libzmq.so.5",
        "/usr/lib64/libzmq.so.5",
      );
      break;
    case "darwin":
      names.push(
        "/opt/homebrew/lib/libzmq.5.dylib",
        "/usr/local/lib/libzmq.5.dylib",
        "/opt/local/lib/libzmq.5.dylib",
        "libzmq.5.dylib",
        "libzmq.dylib",
      );
      break;
    case "windows":
      names.push(
        "libzmq.dll",
        "libzmq-v143-mt-4_3_5.dll",
        "libzmq-v142-mt-4_3_5.dll",
        "libzmq-v141-mt-4_3_5.dll",
        "libzmq-v143-mt-4_3_4.dll",
        "libzmq-v142-mt-4_3_4.dll",
        "libzmq-v141-mt-4_3_4.dll",
        "libzmq-mt-4_3_5.dll",
        "libzmq-mt-4_3_4.dll",
      );
      break;
    default:
      names.push("libzmq.so.5", "libzmq.so");
  }
  return names;
}

/** The C library with poll(2), pipe(2) and memcpy for the event loop. */
export function libcName(os: OsName): string {
  if (os === "darwin") return "libSystem.B.dylib";
  return "libc.so.6";
}

/** The error thrown when no candidate loads: every path tried, and how to install libzmq. */
export function libzmqNotFound(tried: { path: string; error: string }[]): Error {
  const lines = [
    "libzmq could not be loaded. Paths tried, in order:",
    ...tried.map((t) => `  ${t.path}: ${t.error}`),
    "Set LIBZMQ_PATH to the full path of libzmq (>= 4.3), or install it:",
    "  Debian/Ubuntu: sudo apt-get install libzmq5",
    "  Fedora/RHEL:   sudo dnf install zeromq",
    "  Alpine:        apk add libzmq",
    "  macOS:         brew install zeromq   (or: sudo port install zmq)",
    "  Windows:       vcpkg install zeromq, then set LIBZMQ_PATH to libzmq-*.dll",
  ];
  return new Error(lines.join("\n"));
}
