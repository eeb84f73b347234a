/*
 * OpenSSL baseline for the PoIES scanner benchmark (bench/poies.sh): SHA3-512 through libcrypto's EVP
 * interface over the full input a PoIES share hashes, canonical_header || nonce (8 bytes big-endian) ||
 * mixSeed (32 bytes), for nonce after nonce on one thread. SHA3-512 and Keccak-512 run the same Keccak-f[1600]
 * permutation the same number of times (only the padding byte differs), and the input is hashed whole each
 * time, as a straightforward miner would.
 *
 * Usage: sha3bench HEADER_HEX SEED_HEX SECONDS
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

/* Hashes nonces from *nonce on for `seconds`; returns how many. */
static uint64_t run(EVP_MD_CTX *ctx, const EVP_MD *md, unsigned char *input, size_t header_len, size_t input_len,
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
            if (EVP_DigestInit_ex2(ctx, md, NULL) != 1 || EVP_DigestUpdate(ctx, input, input_len) != 1
                    || EVP_DigestFinal_ex(ctx, digest, &digest_len) != 1) {
                fprintf(stderr, "sha3bench: EVP digest failed\n");
                exit(1);
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
    if (argc != 4) {
        fprintf(stderr, "usage: %s HEADER_HEX SEED_HEX SECONDS\n", argv[0]);
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
    uint64_t nonce = 0;
    uint64_t sink = 0;
    run(ctx, md, input, (size_t) header_len, input_len, &nonce, 1.0, &sink);
    double start = now();
    double cpu_start = (double) clock() / CLOCKS_PER_SEC;
    uint64_t count = run(ctx, md, input, (size_t) header_len, input_len, &nonce, seconds, &sink);
    double elapsed = now() - start;
    double cpu = (double) clock() / CLOCKS_PER_SEC - cpu_start;
    printf("hashes_per_sec %.0f %.0f\n", count / elapsed, count / cpu);
    fprintf(stderr, "sha3bench: %llu hashes in %.3f s on %.2f cores, %.0f per CPU-second (sink %llu)\n",
            (unsigned long long) count, elapsed, cpu / elapsed, count / cpu, (unsigned long long) sink);
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    return 0;
}
