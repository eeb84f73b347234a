/*
 * rxbench: librandomx hashrate from C, the reference for `quarry randomx bench` (bench/randomx.sh runs both).
 * Same work as the Java bench (BenchCommand): key "quarry randomx bench" zero-padded to 32 bytes, a 76-byte
 * blob holding bytes 0..75, thread i of n hashing nonces i, i+n, i+2n, ... written as 4 little-endian bytes
 * at offset 39, batched with randomx_calculate_hash_first / _next / _last, flags from randomx_get_flags()
 * plus FULL_MEM in fast mode, the dataset initialised on all threads, hashes counted from the end of a warm-up.
 *
 * Usage: rxbench [--threads N] [--seconds S] [--warmup W] [--mode fast|light] [--large-pages on|off] [--ticks on]
 * --ticks on also prints 'tick <monotonic ms> <total hashes>' each second (see bench/randomx.sh).
 * Prints key_ms=, dataset_init_ms= (fast), large_pages: ..., cpu_seconds=, hashes_per_cpu_second= and last
 * hashrate=<H/s>.
 */
#include <randomx.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOB_SIZE 76
#define NONCE_OFFSET 39

/* "quarry randomx bench" padded with zero bytes to a Monero seed's 32 bytes, as BenchCommand.KEY. */
static const char KEY[32] = "quarry randomx bench";

static randomx_flags vm_flags;
static int large_pages;
static randomx_cache *cache;
static randomx_dataset *dataset;
static int threads;
static atomic_ullong hashes;
static atomic_int stop;
static atomic_int vm_large;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct init_range {
    unsigned long start;
    unsigned long count;
};

static void *init_dataset(void *arg) {
    struct init_range *range = arg;
    randomx_init_dataset(dataset, cache, range->start, range->count);
    return NULL;
}

static void put_nonce(uint8_t *blob, uint32_t nonce) {
    for (int i = 0; i < 4; i++) {
        blob[NONCE_OFFSET + i] = (uint8_t) (nonce >> (8 * i));
    }
}

static void *mine(void *arg) {
    uint32_t index = (uint32_t) (uintptr_t) arg;
    randomx_vm *vm = NULL;
    if (large_pages) {
        vm = randomx_create_vm(vm_flags | RANDOMX_FLAG_LARGE_PAGES, cache, dataset);
        if (vm != NULL) {
            atomic_store(&vm_large, 1);
        }
    }
    if (vm == NULL) {
        vm = randomx_create_vm(vm_flags, cache, dataset);
    }
    if (vm == NULL) {
        fprintf(stderr, "randomx_create_vm failed\n");
        exit(1);
    }
    uint8_t blob[BLOB_SIZE];
    uint8_t hash[RANDOMX_HASH_SIZE];
    for (int i = 0; i < BLOB_SIZE; i++) {
        blob[i] = (uint8_t) i;
    }
    uint32_t nonce = index;
    put_nonce(blob, nonce);
    randomx_calculate_hash_first(vm, blob, BLOB_SIZE);
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        nonce += (uint32_t) threads;
        put_nonce(blob, nonce);
        randomx_calculate_hash_next(vm, blob, BLOB_SIZE, hash);
        atomic_fetch_add_explicit(&hashes, 1, memory_order_relaxed);
    }
    randomx_calculate_hash_last(vm, hash);
    randomx_destroy_vm(vm);
    return NULL;
}

static unsigned long long sample(double *at) {
    *at = now_ms();
    return atomic_load(&hashes);
}

static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    int seconds = 20, warmup = 3, fast = 1, ticks = 0;
    large_pages = 1;
    threads = (int) sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--threads")) threads = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--warmup")) warmup = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--mode")) fast = strcmp(argv[i + 1], "light") != 0;
        else if (!strcmp(argv[i], "--large-pages")) large_pages = strcmp(argv[i + 1], "off") != 0;
        else if (!strcmp(argv[i], "--ticks")) ticks = strcmp(argv[i + 1], "off") != 0;
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    if (threads < 1) threads = (int) sysconf(_SC_NPROCESSORS_ONLN);

    vm_flags = randomx_get_flags() | (fast ? RANDOMX_FLAG_FULL_MEM : 0);
    printf("rxbench: mode=%s threads=%d flags=0x%x\n", fast ? "fast" : "light", threads, (unsigned) vm_flags);
    fflush(stdout);

    double start = now_ms();
    randomx_flags cache_flags = vm_flags & (RANDOMX_FLAG_JIT | RANDOMX_FLAG_ARGON2 | RANDOMX_FLAG_SECURE);
    int cache_large = 0;
    if (large_pages && (cache = randomx_alloc_cache(cache_flags | RANDOMX_FLAG_LARGE_PAGES)) != NULL) cache_large = 1;
    if (cache == NULL && (cache = randomx_alloc_cache(cache_flags)) == NULL) {
        fprintf(stderr, "randomx_alloc_cache failed\n");
        return 1;
    }
    randomx_init_cache(cache, KEY, sizeof KEY);

    int dataset_large = 0;
    double dataset_ms = -1;
    if (fast) {
        if (large_pages && (dataset = randomx_alloc_dataset(RANDOMX_FLAG_LARGE_PAGES)) != NULL) dataset_large = 1;
        if (dataset == NULL && (dataset = randomx_alloc_dataset(RANDOMX_FLAG_DEFAULT)) == NULL) {
            fprintf(stderr, "randomx_alloc_dataset failed\n");
            return 1;
        }
        double dataset_start = now_ms();
        unsigned long items = randomx_dataset_item_count();
        pthread_t workers[threads];
        struct init_range ranges[threads];
        for (int i = 0; i < threads; i++) {
            ranges[i].start = items * i / threads;
            ranges[i].count = items * (i + 1) / threads - ranges[i].start;
            pthread_create(&workers[i], NULL, init_dataset, &ranges[i]);
        }
        for (int i = 0; i < threads; i++) pthread_join(workers[i], NULL);
        dataset_ms = now_ms() - dataset_start;
    }
    printf("key_ms=%.0f\n", now_ms() - start);
    if (fast) printf("dataset_init_ms=%.0f\n", dataset_ms);
    fflush(stdout);

    pthread_t miners[threads];
    for (int i = 0; i < threads; i++) pthread_create(&miners[i], NULL, mine, (void *) (uintptr_t) i);
    sleep((unsigned) warmup);
    printf("large_pages: %sdataset=%s cache=%s vm=%s\n", fast ? "" : "(light) ", dataset_large ? "yes" : "no",
           cache_large ? "yes" : "no", atomic_load(&vm_large) ? "yes" : "no");
    double t0, t;
    unsigned long long h0 = sample(&t0), h;
    double cpu0 = cpu_seconds();
    for (int s = 1; s <= seconds; s++) {
        if (ticks) {
            /* Relative sleeps: after a SIGSTOP the next tick spans the pause, and the script drops it. */
            sleep(1);
            h = sample(&t);
            printf("tick %.0f %llu\n", t, h);
            fflush(stdout);
            continue;
        }
        double wake = t0 + s * 1000.0 - now_ms();
        if (wake > 0) usleep((useconds_t) (wake * 1000));
        if (s % 5 == 0 || s == seconds) {
            h = sample(&t);
            printf("%3d s: %.1f H/s\n", s, (h - h0) * 1000.0 / (t - t0));
            fflush(stdout);
        }
    }
    h = sample(&t);
    double rate = (h - h0) * 1000.0 / (t - t0);
    double cpu = cpu_seconds() - cpu0;
    atomic_store(&stop, 1);
    for (int i = 0; i < threads; i++) pthread_join(miners[i], NULL);
    /* Per CPU-second of the process: comparable with the Java figure when other work shares the machine. */
    printf("cpu_seconds=%.2f\nhashes_per_cpu_second=%.1f\n", cpu, cpu > 0 ? (h - h0) / cpu : 0);
    printf("hashrate=%.1f\n", rate);
    if (dataset != NULL) randomx_release_dataset(dataset);
    randomx_release_cache(cache);
    return 0;
}
