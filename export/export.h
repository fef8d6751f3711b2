/* export.h — writers (internal): each appends a serialisation of the document to a GString. */
#ifndef BZ_EXPORT_H
#define BZ_EXPORT_H

#include "../core/model.h"

/* JSON string literal with quotes; control characters, quote and backslash escaped, valid UTF-8
 * passed through, invalid bytes replaced by U+FFFD. */
void bz_json_str(GString *out, const char *s);

/* One table as a JSON object (single line when !pretty, else indented by `indent` spaces). */
void bz_json_table(GString *out, const biao_doc *doc, biao_table *t, const biao_export_options *o,
                   int pretty, int indent);
void bz_json_source(GString *out, const biao_doc *doc);
int bz_json_doc(GString *out, const biao_doc *doc, const biao_export_options *o);
int bz_ndjson_doc(GString *out, const biao_doc *doc, const biao_export_options *o);
/* RFC 4180 CSV of one table. */
void bz_csv_table(GString *out, biao_table *t, const biao_export_options *o);

#endif
