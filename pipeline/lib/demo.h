/* demo.h: the embedded demo: locate the repository's demo files and train its small
 * SentencePiece model.
 *
 * The demo model is trained with spm_train from the demo datasets (the files in tasks/demo/data),
 * deterministically: one thread, a fixed random seed, and relative paths (spm_train stores
 * its input and output paths in the model). Its settings keep text exactly: identity
 * normalization, no whitespace removal, no dummy prefix, byte fallback for unseen
 * characters (newlines included), so shards decode back to the very text formatted. Ids
 * follow T5's layout: 0 pad, 1 EOS, 2 unk, no BOS. */
#ifndef FM_DEMO_H
#define FM_DEMO_H

#include "error.h"
#include "strbuf.h"

/* Repository root: the parent of the directory holding the running executable, checked
 * to contain tasks/demo. */
int fm_demo_repo_root(fm_strbuf *root, fm_error *err);

/* Train (or reuse, when present) OUTDIR/model/demo.model; its path goes to model_path. */
int fm_demo_train_model(const char *root, const char *outdir, int vocab_size, fm_strbuf *model_path,
                        int quiet, fm_error *err);

#endif
