#ifndef FOLIO_CLIBZ_SHIM_H
#define FOLIO_CLIBZ_SHIM_H

#include <zlib.h>

#endif
