#ifndef FOLIO_CHIREDIS_SHIM_H
#define FOLIO_CHIREDIS_SHIM_H

#include <hiredis/hiredis.h>

/// The context's error text (a fixed-size array Swift imports as a tuple).
static inline const char *folio_redis_errstr(const redisContext *context) {
    return context->errstr;
}

#endif
