#!/usr/bin/env bash
# Mixture weights of mixtures/*.json recomputed by hand from FLAN's mixture-rates TSV.
. "$(dirname "$0")/../lib.sh"

TSV=$FM_SHARED/docs/reference/flan_v2_mixture_rates.tsv
M=$FM_ROOT/mixtures
if [ ! -f "$TSV" ]; then require_shared "the FLAN rates TSV" 3; fi

# weight NAME FILE: summed weight of the rows named NAME in weights-only output.
weight() { awk -F'\t' -v n="$1" '$2 == n { s += $7 } END { printf "%.12e\n", s }' "$2"; }
# close A B: |A - B| <= 1e-9 * |B| (both are computed in double precision).
close() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b;
          if (d > 1e-9 * m) { print "got " a ", expected " b; exit 1 } }'; }
# sumrate VARIANT: sum of FLAN's rates (column 6) of one variant, straight from the TSV.
sumrate() { awk -F'\t' -v v="$1" '$2 == v { s += $6 } END { printf "%.0f\n", s }' "$TSV"; }

test_expect_success 'flan2022.json weights from TSV counts, recomputed by hand' '
	flanmix mix --weights-only --num-examples-from "$TSV" "$M/flan2022.json" >w.tsv &&
	# Top level without dialog: 0.40 + 0.32 + 0.20 + 0.05 = 0.97.
	# rte/zs_opt: rate = min(30000, 2290) = 2290 in flan_zsopt (one of 4 equal settings):
	#   0.40/0.97 * 1/4 * 2290 / S_zs,  S_zs = sum of flan_zsopt rates.
	S=$(sumrate flan_zsopt) && test "$S" = 1495430 &&
	close "$(weight rte/zs_opt w.tsv)" "$(awk -v s=$S "BEGIN{printf \"%.15e\", 0.40/0.97/4*2290/s}")" &&
	# natural_questions/zs_opt is capped: num_cases 87720 -> rate 30000.
	grep -P "\tnatural_questions/zs_opt\texamples\t30000\t87720\t30000\t" w.tsv &&
	close "$(weight natural_questions/zs_opt w.tsv)" "$(awk -v s=$S "BEGIN{printf \"%.15e\", 0.40/0.97/4*30000/s}")" &&
	# rte/fs_mix: 2288 (the mix variant drops other examples) in flan_fsopt, whose rates
	# are the fs_mix and fs_x rows together.
	F=$(sumrate flan_fsopt) &&
	close "$(weight rte/fs_mix w.tsv)" "$(awk -v s=$F "BEGIN{printf \"%.15e\", 0.40/0.97/4*2288/s}")" &&
	# A T0 task: adversarial_qa_dbert_answer_the_following_q, 10000 < cap 20000.
	T=$(sumrate t0_zsopt) &&
	close "$(weight adversarial_qa_dbert_answer_the_following_q/zs_opt w.tsv)" \
	      "$(awk -v s=$T "BEGIN{printf \"%.15e\", 0.32/0.97/4*10000/s}")" &&
	# cot_gsm8k/zs_opt: CoT 0.05, zero-shot half, main group 1 of 1 + 0.3, and
	#   7470 / (7470+2060+6910+1080+36170+7110+6070+2715+5145 = 74730).
	test "$(sumrate cot_zsopt)" = 74730 &&
	close "$(weight cot_gsm8k/zs_opt w.tsv)" "$(awk "BEGIN{printf \"%.15e\", 0.05/0.97/2*(1/1.3)*7470/74730}")" &&
	# CoT-II: the 0.3 side.
	close "$(weight cot_input_inversion_gsm8k/zs_opt w.tsv)" "$(awk "BEGIN{printf \"%.15e\", 0.05/0.97/2*(0.3/1.3)*7470/74730}")" &&
	# NIV2 is one member: min(5000, 5000000) = 5000, alone in niv2_zsopt: 0.20/0.97 * 1/2.
	close "$(weight tfds_natural_instructions/zs_opt w.tsv)" "$(awk "BEGIN{printf \"%.15e\", 0.20/0.97/2}")" &&
	close "$(weight tfds_natural_instructions/fs_mix w.tsv)" "$(awk "BEGIN{printf \"%.15e\", 0.20/0.97/2/2}")" &&
	# Everything sums to 1.
	close "$(awk -F"\t" "NR > 1 { s += \$7 } END { printf \"%.12f\", s }" w.tsv)" 1
'

test_expect_success 'flan2022_dialog.json reproduces every weight of the TSV' '
	flanmix mix --weights-only --num-examples-from "$TSV" "$M/flan2022_dialog.json" >w.tsv &&
	test $(grep -vc "^path" w.tsv) = 1389 &&
	# Join on (task, format) as the TSV names them; the TSV has 8 decimals.
	awk -F"\t" "
	  NR == FNR { if (FNR > 1) got[\$2] += \$7; next }
	  FNR == 1 { next }
	  { n = \$3; f = \"\";
	    if (sub(/_template_0to10_non_deter_opt_zero_shot\$/, \"\", n)) f = \"zs_opt\";
	    else if (sub(/_template_0to10_no_opt_zero_shot\$/, \"\", n)) f = \"zs_noopt\";
	    else if (sub(/_template_0to10_no_opt_x_shot\$/, \"\", n)) f = \"fs_x_noopt\";
	    else if (sub(/_template_0to10_zero_shot\$/, \"\", n)) f = \"zs_opt\";
	    else if (sub(/_template_mix_five_shot\$/, \"\", n)) f = \"fs_mix\";
	    else if (sub(/_template_0to10_x_shot\$/, \"\", n)) f = \"fs_x\";
	    sub(/^t0_task_adaptation:/, \"\", n); k = n \"/\" f; rows++;
	    d = got[k] - \$7; if (d < 0) d = -d;
	    if (!(k in got) || d > 6e-9) { print \"mismatch\", k, got[k], \$7; bad++ } }
	  END { print rows, \"rows\"; exit bad > 0 || rows != 1389 }" w.tsv "$TSV"
'

test_expect_success 'a plain task/format/num_examples table and explicit num_examples' '
	printf "task\tformat\tnum_examples\na\tzs_opt\t100\nb\tzs_opt\t300\n" >n.tsv &&
	cat >m.json <<-\EOF &&
	{"name": "m", "defaults": {"rate": "examples", "cap": 200},
	 "members": [{"task": "a", "format": "zs_opt"},
	             {"task": "b", "format": "zs_opt"},
	             {"task": "c", "format": "zs_opt", "num_examples": 50},
	             {"task": "d", "format": "zs_opt", "rate": 150}]}
	EOF
	flanmix mix --weights-only --num-examples-from n.tsv m.json >w.tsv &&
	# rates 100, min(200,300)=200, 50, 150: sum 500.
	close "$(weight a/zs_opt w.tsv)" 0.2 && close "$(weight b/zs_opt w.tsv)" 0.4 &&
	close "$(weight c/zs_opt w.tsv)" 0.1 && close "$(weight d/zs_opt w.tsv)" 0.3
'

test_done
