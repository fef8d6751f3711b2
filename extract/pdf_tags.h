/* pdf_tags.h — the structure tree of a tagged PDF (Table / TR / TH / TD), checked against the
 * tables found from the page geometry (internal to extract/pdf_*.c). See docs/pdf.md, "Tagged PDFs". */
#ifndef BZ_PDF_TAGS_H
#define BZ_PDF_TAGS_H

#include "pdf_page.h"

typedef struct bz_tags bz_tags;

/* The tables of the document's structure tree, or NULL when it has none (untagged PDF, or a tree
 * without Table elements). Cheap: cell texts are read later, only where needed. */
bz_tags *bz_pdf_tags_read(PopplerDocument *pd);
void bz_pdf_tags_free(bz_tags *tags);

/* Check the page's geometry tables against the tagged tables on the same page. `tables` holds the
 * lattice tables first (`n_lattice` of them), then the rule-less ones; `lattice_used` is a copy of
 * the glyphs' `used` flags taken before the rule-less pass. Where tags and geometry agree the
 * geometry table is kept and gets what tags know (header rows from TH); where geometry has no table
 * for a tagged one whose text is on the page, the tagged table is added (replacing a rule-less table
 * that covers nothing else). Tags never remove a lattice table. */
void bz_pdf_tags_apply(bz_tags *tags, bz_page *page, GPtrArray *tables, guint n_lattice,
                       const guint8 *lattice_used);

/* Internal to pdf_tags*.c. */
typedef struct bz_tcell {
  PopplerStructureElement *el; /* owned reference; its text is read only when needed */
  GString *key;                /* text without whitespace, lazily; BZ_TAG_WILD = a byte Poppler lost */
  int header;                  /* TH */
} bz_tcell;

typedef struct bz_trow {
  GArray *cells; /* bz_tcell */
  int page;      /* 1-based; 0 = unknown */
} bz_trow;

#define BZ_TAG_WILD '\x01'

/* The whitespace-free text of a tagged cell (read from the tree on first use). */
const GString *bz_tcell_key(bz_tcell *c);
/* Does the UTF-8 character at `s` (`n` bytes) equal the key's character at `k` (`kn` bytes)? */
gboolean bz_tag_char_eq(const char *k, int kn, const char *s, int n);

/* pdf_tags_grid.c: a table built from tagged rows whose text is found among the page's glyphs that
 * no lattice table took; the glyphs are marked used. NULL when some text is not on the page or the
 * rows do not form a grid. */
bz_ptable *bz_pdf_tags_grid(bz_page *page, GPtrArray *rows, const guint8 *lattice_used);

#endif
