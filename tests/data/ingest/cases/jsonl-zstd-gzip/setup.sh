printf '{"a":"plain"}\n' > d1.jsonl
printf '{"a":"zstd"}\n{"a":"zstd2"}\n' | zstd -q > d2.jsonl.zst
printf '{"a":"gzip"}\n' | gzip > d3.data
