/*
 * The timing benchmark's reference: the output thread's schedule in C, with nothing else in the
 * thread — no JavaScript, no garbage collector, no event loop. Events `spacing` ms apart; before
 * each it sleeps (clock_nanosleep) until `spin` ms before the time, then spins to it. It asks for
 * SCHED_FIFO 10 like the output thread. Whatever lateness this shows is the machine's: the output
 * thread cannot do better on the same machine at the same moment.
 *
 * usage: reference-schedule EVENTS SPACING_MS SPIN_MS   → one line of JSON on stdout
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double ms(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void sleep_until(double at) {
  struct timespec t;
  t.tv_sec = (time_t)(at / 1e3);
  t.tv_nsec = (long)((at - t.tv_sec * 1e3) * 1e6);
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  int n = atoi(argv[1]);
  double spacing = atof(argv[2]), spin = atof(argv[3]);
  struct sched_param p = {.sched_priority = 10};
  int fifo = sched_setscheduler(0, SCHED_FIFO, &p) == 0;
  double *late = malloc(n * sizeof *late);
  if (late == NULL || n < 1) return 2;
  double t0 = ms(CLOCK_MONOTONIC) + 20, cpu0 = ms(CLOCK_THREAD_CPUTIME_ID);
  for (int i = 0; i < n; i++) {
    double due = t0 + i * spacing;
    sleep_until(due - spin);
    double t;
    while ((t = ms(CLOCK_MONOTONIC)) < due) {}
    late[i] = t - due;
  }
  double wall = ms(CLOCK_MONOTONIC) - t0, cpu = ms(CLOCK_THREAD_CPUTIME_ID) - cpu0;
  qsort(late, n, sizeof *late, by_value);
#define Q(q) late[(int)((q) * n + 0.999999) - 1 < 0 ? 0 : (int)((q) * n + 0.999999) - 1]
  printf("{\"policy\":\"%s\",\"p50\":%.4f,\"p99\":%.4f,\"p999\":%.4f,\"max\":%.4f,\"cpuPct\":%.2f}\n",
         fifo ? "SCHED_FIFO 10" : "normal", Q(0.5), Q(0.99), Q(0.999), late[n - 1], cpu / wall * 100);
  free(late);
  return 0;
}
