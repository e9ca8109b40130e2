/*
 * Native baseline and load generator for bench/proxy.ts (built into .cache/ by the bench).
 *
 *   proxy_c proxy                      PULL and PUSH bound to tcp://127.0.0.1:*, prints both
 *                                      endpoints, then zmq_proxy until killed
 *   proxy_c source <endpoint> <size> <count>
 *                                      PUSH connected to endpoint, sends count messages of size
 *                                      bytes, waits until they are delivered, exits
 *   proxy_c sink bind|connect <endpoint> <count>
 *                                      PULL; prints its endpoint ("ready <endpoint>"), receives
 *                                      count messages and prints "elapsed <ns>" from the first
 *                                      message to the last
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

static void print_endpoint(const char *label, void *socket) {
  char endpoint[256];
  size_t size = sizeof endpoint;
  if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &size) != 0) die("ZMQ_LAST_ENDPOINT");
  printf("%s %s\n", label, endpoint);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: proxy_c proxy | source <endpoint> <size> <count> | sink bind|connect <endpoint> <count>\n");
    return 2;
  }
  void *ctx = zmq_ctx_new();
  if (strcmp(argv[1], "proxy") == 0) {
    void *frontend = zmq_socket(ctx, ZMQ_PULL);
    void *backend = zmq_socket(ctx, ZMQ_PUSH);
    if (zmq_bind(frontend, "tcp://127.0.0.1:*") != 0) die("bind frontend");
    if (zmq_bind(backend, "tcp://127.0.0.1:*") != 0) die("bind backend");
    print_endpoint("frontend", frontend);
    print_endpoint("backend", backend);
    fflush(stdout);
    zmq_proxy(frontend, backend, NULL); /* until the process is killed */
    return 0;
  }
  if (strcmp(argv[1], "source") == 0 && argc == 5) {
    size_t size = (size_t)atol(argv[3]);
    long count = atol(argv[4]);
    void *push = zmq_socket(ctx, ZMQ_PUSH);
    int linger = -1;
    zmq_setsockopt(push, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_connect(push, argv[2]) != 0) die("connect source");
    char *buffer = calloc(1, size ? size : 1);
    for (long i = 0; i < count; i++) {
      if (zmq_send(push, buffer, size, 0) < 0) die("send");
    }
    zmq_close(push);
    zmq_ctx_term(ctx); /* returns once everything was delivered */
    return 0;
  }
  if (strcmp(argv[1], "sink") == 0 && argc == 5) {
    long count = atol(argv[4]);
    void *pull = zmq_socket(ctx, ZMQ_PULL);
    if (strcmp(argv[2], "bind") == 0) {
      if (zmq_bind(pull, argv[3]) != 0) die("bind sink");
    } else if (zmq_connect(pull, argv[3]) != 0) {
      die("connect sink");
    }
    print_endpoint("ready", pull);
    fflush(stdout);
    zmq_msg_t msg;
    zmq_msg_init(&msg);
    long long first = 0;
    for (long i = 0; i < count; i++) {
      if (zmq_msg_recv(&msg, pull, 0) < 0) die("receive");
      if (i == 0) first = now_ns();
    }
    printf("elapsed %lld\n", now_ns() - first);
    zmq_msg_close(&msg);
    zmq_close(pull);
    zmq_ctx_term(ctx);
    return 0;
  }
  fprintf(stderr, "bad arguments\n");
  return 2;
}
