/* normalize.h — cleanup and reconstruction passes run on every document after extraction,
 * whatever its format. */
#ifndef BZ_NORMALIZE_H
#define BZ_NORMALIZE_H

#include "../core/model.h"
#include "../core/text.h"

int bz_normalize(biao_doc *doc, const biao_options *opt, biao_error *err);

/* Set every table's quality (quality.c): run last, it reads the checks. */
void bz_quality_pass(biao_doc *doc);

/* Join tables continued over pages (continuation.c). */
void bz_join_continuations(biao_doc *doc);

#endif
