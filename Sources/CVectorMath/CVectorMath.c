// The encoder's element-wise loops in C, where the compiler vectorises them: Swift's generic
// SIMD min, max and select run lane by lane, and `expf` is a library call per element.
// Each function is compiled for AVX-512, AVX2 and the x86-64 baseline, picked at load time.
#include "CVectorMath.h"
#include <math.h>

#if defined(__x86_64__) && defined(__clang__)
#define FOLIO_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define FOLIO_CLONES
#endif

/// e^x for x <= 88, relative error under 2e-7; 0 below -87.3 (Cephes' expf: x = n ln2 + r,
/// a degree-6 polynomial in r, then 2^n built in the exponent bits).
static inline float folio_exp(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.0f ? 88.0f : x);
    float shifted = x * 1.44269504088896341f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = x - n * 0.693359375f;
    r -= n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    union { float f; int i; } bits = { shifted };
    union { int i; float f; } scale = { .i = (bits.i - 0x4B400000 + 127) << 23 };
    return x <= -87.3f ? 0.0f : p * scale.f;
}

FOLIO_CLONES
void folio_softmax_rows(float *values, long rows, long count) {
    for (long r = 0; r < rows; r++) {
        float *row = values + r * count;
        float largest = -INFINITY;
        for (long i = 0; i < count; i++) largest = row[i] > largest ? row[i] : largest;
        for (long i = 0; i < count; i++) row[i] = folio_exp(row[i] - largest);
        float sums[8] = {0};
        long i = 0;
        for (; i + 8 <= count; i += 8)
            for (int lane = 0; lane < 8; lane++) sums[lane] += row[i + lane];
        float sum = 0;
        for (int lane = 0; lane < 8; lane++) sum += sums[lane];
        for (; i < count; i++) sum += row[i];
        float inverse = 1.0f / sum;
        for (long j = 0; j < count; j++) row[j] *= inverse;
    }
}

// erf from Abramowitz and Stegun 7.1.28, 1 - (1 + a1 t + ... + a6 t^6)^-16 for t = |x|/sqrt 2,
// absolute error under 3e-7: only products and one division.
FOLIO_CLONES
void folio_gelu(float *values, long count) {
    for (long i = 0; i < count; i++) {
        float x = values[i];
        float t = fabsf(x) * 0.70710678118654752f;
        float p = 0.0000430638f;
        p = p * t + 0.0002765672f;
        p = p * t + 0.0001520143f;
        p = p * t + 0.0092705272f;
        p = p * t + 0.0422820123f;
        p = p * t + 0.0705230784f;
        p = p * t + 1.0f;
        p *= p; p *= p; p *= p; p *= p;
        float magnitude = 1.0f - 1.0f / p;
        values[i] = 0.5f * x * (1.0f + (x < 0 ? -magnitude : magnitude));
    }
}

FOLIO_CLONES
void folio_to_bfloat16(const float *source, unsigned short *target, long count) {
    for (long i = 0; i < count; i++) {
        union { float f; unsigned int u; } bits = { source[i] };
        target[i] = (unsigned short)((bits.u + 0x7FFFu + ((bits.u >> 16) & 1u)) >> 16);
    }
}
