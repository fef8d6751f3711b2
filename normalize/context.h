/* context.h — classify the lines just before each table (t->context, filled by the readers) with
 * the rules: title, and meta code / unit / department / year / attachment. Runs for every format. */
#ifndef BZ_CONTEXT_H
#define BZ_CONTEXT_H

#include "../core/model.h"
#include "../core/rules.h"

/* Load the rules for opt->rules_dir and classify every table's context. */
int bz_context_pass(biao_doc *doc, const biao_options *opt, biao_error *err);
/* The same with a rule set already loaded. */
void bz_context_classify(biao_doc *doc, const bz_rules *rules);

#endif
