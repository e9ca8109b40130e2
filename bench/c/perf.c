/*
 * Native C anchor of the benchmark (the same workloads as libzmq's perf tools).
 * Built by bench/run.ts with `cc -O2 -o .cache/bench/perf bench/c/perf.c -lzmq -lpthread`.
 *
 * Usage: perf ROLE ENDPOINT SIZE COUNT [PARTS]
 *   thr-pull    bind PULL, print "READY <endpoint>", receive COUNT messages, print "RESULT {json}"
 *   thr-push    connect PUSH, send COUNT messages, keep the socket open until stdin reaches EOF
 *   lat-rep     bind REP, print "READY <endpoint>", echo COUNT+1 requests, wait for stdin EOF
 *   lat-req     connect REQ, one untimed round trip, then COUNT timed ones, print "RESULT {json}"
 *   inproc-thr  both ends in one process: PUSH on a second thread sharing the context
 *   inproc-lat  both ends in one process: REP on a second thread sharing the context
 * A message is PARTS frames (default 1) of SIZE bytes each. Blocking calls, one copy into a
 * preallocated buffer per frame (zmq_recv), as the FFI floor does.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static size_t size_;
static long count_;
static int parts_ = 1;
static char endpoint_[512];

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char *what) {
  fprintf(stderr, "perf: %s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

static void wait_stdin_eof(void) {
  char buf[256];
  while (read(0, buf, sizeof buf) > 0) {
  }
}

static void *bind_socket(void *ctx, int type) {
  void *s = zmq_socket(ctx, type);
  if (!s) die("zmq_socket");
  if (zmq_bind(s, endpoint_) != 0) die("zmq_bind");
  char last[512];
  size_t len = sizeof last;
  if (zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, last, &len) != 0) die("ZMQ_LAST_ENDPOINT");
  snprintf(endpoint_, sizeof endpoint_, "%s", last);
  return s;
}

static void *connect_socket(void *ctx, int type) {
  void *s = zmq_socket(ctx, type);
  if (!s) die("zmq_socket");
  if (zmq_connect(s, endpoint_) != 0) die("zmq_connect");
  return s;
}

static void recv_message(void *s, char *buf) {
  for (int p = 0; p < parts_; p++)
    if (zmq_recv(s, buf, size_, 0) < 0) die("zmq_recv");
}

static void send_message(void *s, const char *buf) {
  for (int p = 0; p < parts_; p++)
    if (zmq_send(s, buf, size_, p + 1 < parts_ ? ZMQ_SNDMORE : 0) < 0) die("zmq_send");
}

static void run_pull(void *s) {
  char *buf = calloc(1, size_ ? size_ : 1);
  recv_message(s, buf);
  double t0 = now_us();
  for (long i = 1; i < count_; i++) recv_message(s, buf);
  double elapsed = (now_us() - t0) / 1e6;
  double rate = (count_ - 1) / elapsed;
  printf("RESULT {\"kind\":\"thr\",\"msgs\":%ld,\"elapsed_s\":%.6f,\"msgs_per_s\":%.1f,\"mb_per_s\":%.2f}\n", count_,
         elapsed, rate, rate * size_ * parts_ / 1e6);
  fflush(stdout);
  free(buf);
}

static void run_push(void *s) {
  char *buf = calloc(1, size_ ? size_ : 1);
  for (long i = 0; i < count_; i++) send_message(s, buf);
  free(buf);
}

static void run_rep(void *s) {
  char *buf = calloc(1, size_ ? size_ : 1);
  for (long i = 0; i <= count_; i++) {
    recv_message(s, buf);
    send_message(s, buf);
  }
  free(buf);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void run_req(void *s) {
  char *buf = calloc(1, size_ ? size_ : 1);
  double *rtt = malloc(sizeof(double) * count_);
  send_message(s, buf);
  recv_message(s, buf);
  double start = now_us();
  for (long i = 0; i < count_; i++) {
    double t = now_us();
    send_message(s, buf);
    recv_message(s, buf);
    rtt[i] = now_us() - t;
  }
  double mean = (now_us() - start) / count_;
  qsort(rtt, count_, sizeof(double), cmp_double);
  printf("RESULT {\"kind\":\"lat\",\"n\":%ld,\"mean_us\":%.2f,\"p50_us\":%.2f,\"p99_us\":%.2f}\n", count_, mean,
         rtt[count_ / 2], rtt[(long)(count_ * 0.99)]);
  fflush(stdout);
  free(rtt);
  free(buf);
}

struct peer {
  void *ctx;
  int type;
};

/* The PUSH side of inproc-thr: connects in its own thread, sends, hands its socket back. */
static void *peer_thread(void *arg) {
  struct peer *p = arg;
  void *s = connect_socket(p->ctx, p->type);
  run_push(s);
  return s; /* closed by the main thread once the measurement is over */
}

static void *rep_thread(void *s) {
  run_rep(s);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: perf ROLE ENDPOINT SIZE COUNT [PARTS]\n");
    return 2;
  }
  const char *role = argv[1];
  snprintf(endpoint_, sizeof endpoint_, "%s", argv[2]);
  size_ = strtoul(argv[3], NULL, 10);
  count_ = strtol(argv[4], NULL, 10);
  if (argc > 5) parts_ = atoi(argv[5]);
  void *ctx = zmq_ctx_new();
  void *s = NULL;
  if (!strcmp(role, "thr-pull") || !strcmp(role, "lat-rep")) {
    int pull = !strcmp(role, "thr-pull");
    s = bind_socket(ctx, pull ? ZMQ_PULL : ZMQ_REP);
    printf("READY %s\n", endpoint_);
    fflush(stdout);
    if (pull) run_pull(s);
    else {
      run_rep(s);
      wait_stdin_eof();
    }
  } else if (!strcmp(role, "thr-push") || !strcmp(role, "lat-req")) {
    int push = !strcmp(role, "thr-push");
    s = connect_socket(ctx, push ? ZMQ_PUSH : ZMQ_REQ);
    if (push) {
      run_push(s);
      wait_stdin_eof();
    } else run_req(s);
  } else if (!strcmp(role, "inproc-thr")) {
    /* PULL bound and timed on the main thread; PUSH on a second thread sharing the context. */
    s = bind_socket(ctx, ZMQ_PULL);
    struct peer p = {ctx, ZMQ_PUSH};
    pthread_t tid;
    void *peer_socket;
    pthread_create(&tid, NULL, peer_thread, &p);
    run_pull(s);
    pthread_join(tid, &peer_socket);
    zmq_close(peer_socket);
  } else if (!strcmp(role, "inproc-lat")) {
    /* REP bound, echoing on a second thread; REQ measures on the main thread. */
    void *rep = bind_socket(ctx, ZMQ_REP);
    pthread_t tid;
    pthread_create(&tid, NULL, rep_thread, rep);
    s = connect_socket(ctx, ZMQ_REQ);
    run_req(s);
    pthread_join(tid, NULL);
    zmq_close(rep);
  } else {
    fprintf(stderr, "perf: unknown role %s\n", role);
    return 2;
  }
  int linger = 0;
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  zmq_close(s);
  zmq_ctx_term(ctx);
  return 0;
}
