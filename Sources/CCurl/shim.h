#ifndef FOLIO_CCURL_SHIM_H
#define FOLIO_CCURL_SHIM_H

#include <curl/curl.h>

/* Swift cannot call C variadic functions, so each option type gets a typed
   wrapper around curl_easy_setopt / curl_multi_setopt / curl_easy_getinfo. */

static inline CURLcode folio_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode folio_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode folio_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode folio_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode folio_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*folio_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode folio_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, folio_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode folio_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
