#ifndef C_VECTOR_MATH_H
#define C_VECTOR_MATH_H

/// Softmax of each of `rows` rows of `count` floats, stored one after another, in place.
void folio_softmax_rows(float *values, long rows, long count);

/// The exact (erf) GELU, x·Φ(x), of `count` floats in place.
void folio_gelu(float *values, long count);

/// `count` floats rounded to bfloat16 (to nearest, ties to even), as their 16 high bits.
void folio_to_bfloat16(const float *source, unsigned short *target, long count);

#endif
