/*
 * OpenSSL baselines for the PoIES scanner benchmark (bench/poies.sh): SHA3-512 through libcrypto's EVP
 * interface over the input a PoIES share hashes, canonical_header || nonce (8 bytes big-endian) ||
 * mixSeed (32 bytes), for nonce after nonce on one thread. SHA3-512 and Keccak-512 run the same Keccak-f[1600]
 * permutation the same number of times (only the padding byte differs).
 *
 * Two modes:
 *   full      the whole input is hashed for every nonce, as a straightforward miner would (7 permutations for
 *             a 432-byte header);
 *   midstate  the canonical header (whole 72-byte blocks) is absorbed once into a context, which is copied
 *             with EVP_MD_CTX_copy_ex for every nonce; only nonce || mixSeed is absorbed after it and the
 *             digest finished (1 permutation per nonce, as the Java scanner does).
 *
 * Usage: sha3bench HEADER_HEX SEED_HEX SECONDS [full|midstate]      (default full)
 * Prints "hashes_per_sec <per wall-clock second> <per CPU second>" (a warm-up second first, then SECONDS timed).
 */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int unhex(const char *hex, unsigned char *out, size_t max) {
    size_t n = strlen(hex);
    if (n % 2 != 0 || n / 2 > max) {
        return -1;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
            return -1;
        }
        out[i] = (unsigned char) byte;
    }
    return (int) (n / 2);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what) {
    fprintf(stderr, "sha3bench: %s failed\n", what);
    exit(1);
}

/*
 * Hashes nonces from *nonce on for `seconds`; returns how many. With a non-NULL `mid` (the header absorbed), each
 * nonce starts from a copy of it and absorbs only input[header_len..input_len).
 */
static uint64_t run(const EVP_MD_CTX *mid, EVP_MD_CTX *ctx, const EVP_MD *md, unsigned char *input, size_t header_len, size_t input_len,
                    uint64_t *nonce, double seconds, uint64_t *sink) {
    unsigned char digest[64];
    unsigned int digest_len;
    uint64_t count = 0;
    double end = now() + seconds;
    for (;;) {
        for (int i = 0; i < 4096; i++) {
            uint64_t n = (*nonce)++;
            for (int b = 0; b < 8; b++) {
                input[header_len + b] = (unsigned char) (n >> (56 - 8 * b));
            }
            if (mid != NULL) {
                if (EVP_MD_CTX_copy_ex(ctx, mid) != 1
                        || EVP_DigestUpdate(ctx, input + header_len, input_len - header_len) != 1
                        || EVP_DigestFinal_ex(ctx, digest, &digest_len) != 1) {
                    fail("EVP midstate digest");
                }
            } else if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, input, input_len) != 1
                    || EVP_DigestFinal_ex(ctx, digest, &digest_len) != 1) {
                fail("EVP digest");
            }
            *sink ^= digest[0]; /* keep every digest observable */
        }
        count += 4096;
        if (now() >= end) {
            return count;
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s HEADER_HEX SEED_HEX SECONDS [full|midstate]\n", argv[0]);
        return 2;
    }
    int midstate = argc == 5 && strcmp(argv[4], "midstate") == 0;
    if (argc == 5 && !midstate && strcmp(argv[4], "full") != 0) {
        fprintf(stderr, "sha3bench: mode must be full or midstate, was %s\n", argv[4]);
        return 2;
    }
    static unsigned char input[4096];
    int header_len = unhex(argv[1], input, sizeof input - 40);
    unsigned char seed[32];
    if (header_len < 0 || unhex(argv[2], seed, sizeof seed) != 32) {
        fprintf(stderr, "sha3bench: bad hex arguments\n");
        return 2;
    }
    memcpy(input + header_len + 8, seed, 32);
    size_t input_len = (size_t) header_len + 40;
    double seconds = atof(argv[3]);

    EVP_MD *md = EVP_MD_fetch(NULL, "SHA3-512", NULL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (md == NULL || ctx == NULL) {
        fprintf(stderr, "sha3bench: libcrypto has no SHA3-512\n");
        return 1;
    }
    EVP_MD_CTX *mid = NULL;
    if (midstate) {
        if (header_len % 72 != 0) {
            fprintf(stderr, "sha3bench: the midstate needs a header of whole 72-byte blocks\n");
            return 2;
        }
        mid = EVP_MD_CTX_new();
        if (mid == NULL || EVP_DigestInit_ex2(mid, md, NULL) != 1 || EVP_DigestUpdate(mid, input, header_len) != 1) {
            fail("absorbing the header");
        }
        /* The midstate digest must be the full one: check one nonce both ways before timing anything. */
        unsigned char a[64], b[64];
        unsigned int len;
        if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, input, input_len) != 1
                || EVP_DigestFinal_ex(ctx, a, &len) != 1 || EVP_MD_CTX_copy_ex(ctx, mid) != 1
                || EVP_DigestUpdate(ctx, input + header_len, input_len - header_len) != 1
                || EVP_DigestFinal_ex(ctx, b, &len) != 1) {
            fail("the midstate check");
        }
        if (memcmp(a, b, sizeof a) != 0) {
            fprintf(stderr, "sha3bench: the midstate digest differs from the full one\n");
            return 1;
        }
    }
    uint64_t nonce = 0;
    uint64_t sink = 0;
    run(mid, ctx, md, input, (size_t) header_len, input_len, &nonce, 1.0, &sink);
    double start = now();
    double cpu_start = (double) clock() / CLOCKS_PER_SEC;
    uint64_t count = run(mid, ctx, md, input, (size_t) header_len, input_len, &nonce, seconds, &sink);
    double elapsed = now() - start;
    double cpu = (double) clock() / CLOCKS_PER_SEC - cpu_start;
    printf("hashes_per_sec %.0f %.0f\n", count / elapsed, count / cpu);
    fprintf(stderr, "sha3bench (%s): %llu hashes in %.3f s on %.2f cores, %.0f per CPU-second (sink %llu)\n",
            midstate ? "midstate" : "full", (unsigned long long) count, elapsed, cpu / elapsed, count / cpu, (unsigned long long) sink);
    EVP_MD_CTX_free(mid);
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    return 0;
}
