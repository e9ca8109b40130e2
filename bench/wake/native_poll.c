/*
 * Bun only (bench/wake, path "jscb-cc"): compiled at load time by bun:ffi's cc (TinyCC).
 * A native thread waits for the JS thread to arm it (a byte on the gate pipe), polls the
 * socket's ZMQ_FD once, then calls a JSCallback created with `threadsafe: true`.
 */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef void (*callback_t)(void);
struct waiter { int gate; int fd; callback_t callback; };

static void *loop(void *arg) {
  struct waiter *w = arg;
  char buf[8];
  struct pollfd p;
  for (;;) {
    if (read(w->gate, buf, sizeof buf) <= 0) continue;
    p.fd = w->fd;
    p.events = POLLIN;
    p.revents = 0;
    while (poll(&p, 1, -1) < 0) {}
    w->callback();
  }
  return 0;
}

/* Starts the thread; returns the write end of the gate pipe, or -1. */
int start_waiter(int fd, void *callback) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  struct waiter *w = malloc(sizeof *w);
  w->gate = fds[0];
  w->fd = fd;
  w->callback = (callback_t)callback;
  pthread_t t;
  if (pthread_create(&t, 0, loop, w) != 0) return -1;
  pthread_detach(t);
  return fds[1];
}
