# flanmix: build, demo, tests, benchmarks.
#
#   make            build bin/flanmix and every stage executable
#   make demo       build the embedded demo mixture end to end (out: demo-out/)
#   make test       run the whole test suite (normal build, then ASan+UBSan build)
#   make bench      run the benchmarks (needs ../shared for the real data)
#
# Missing Debian packages are installed on first use (apt-get as root, or through sudo).
# Sources are found by wildcard, so a new file under pipeline/lib, pipeline/cmd or
# tests/unit needs no Makefile change:
#   pipeline/lib/*.c, *.cc  -> the core library (build/<variant>/libflanmix.a)
#   pipeline/cmd/NAME.c     -> bin/flanmix-NAME (pipeline/cmd/flanmix.c -> bin/flanmix)
#   tests/unit/NAME.c       -> build/<variant>/tests/NAME (run by tests/run)

SHELL := /bin/bash
.DEFAULT_GOAL := all

DEB_PACKAGES := build-essential pkg-config libcjson-dev libzstd-dev zstd libsentencepiece-dev \
                sentencepiece libpcre2-dev libxxhash-dev xxhash zlib1g-dev python3 python3-numpy \
                python3-zstandard python3-sentencepiece clang libclang-rt-dev valgrind
PKG_STAMP := build/.deps-ok

CC  ?= gcc
CXX ?= g++
ifeq ($(origin CC),default)
CC := gcc
endif
ifeq ($(origin CXX),default)
CXX := g++
endif

PKGS := libcjson libzstd libpcre2-8 libxxhash zlib
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lsentencepiece -lstdc++ -lpthread -lm

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS    ?= -O2 -g
CXXFLAGS  ?= -O2 -g
override CFLAGS   += -std=c11 -D_GNU_SOURCE $(WARN) -Ipipeline/lib $(PKG_CFLAGS)
override CXXFLAGS += -std=c++17 $(filter-out -Wstrict-prototypes,$(WARN)) -Ipipeline/lib

# VARIANT=release (default) or VARIANT=san (AddressSanitizer + UBSan).
VARIANT ?= release
ifeq ($(VARIANT),san)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -O1
override CFLAGS   += $(SANFLAGS)
override CXXFLAGS += $(SANFLAGS)
LDSAN := $(SANFLAGS)
BINDIR := build/san/bin
else
LDSAN :=
BINDIR := bin
endif
OBJDIR := build/$(VARIANT)

LIB_C   := $(sort $(wildcard pipeline/lib/*.c))
LIB_CC  := $(sort $(wildcard pipeline/lib/*.cc))
LIB_OBJ := $(LIB_C:pipeline/lib/%.c=$(OBJDIR)/lib/%.o) $(LIB_CC:pipeline/lib/%.cc=$(OBJDIR)/lib/%.o)
LIBA    := $(OBJDIR)/libflanmix.a

CMD_SRC := $(sort $(wildcard pipeline/cmd/*.c))
CMD_BIN := $(patsubst pipeline/cmd/%.c,$(BINDIR)/flanmix-%,$(filter-out pipeline/cmd/flanmix.c,$(CMD_SRC))) \
           $(BINDIR)/flanmix
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OBJDIR)/tests/%)

.PHONY: all deps demo test test-fast test-san bench fuzz fuzz-build clean distclean tools
all: $(PKG_STAMP) $(CMD_BIN) $(UNIT_BIN) tools

# ---- Debian packages -------------------------------------------------------------
$(PKG_STAMP):
	@./tools/install-deps $(DEB_PACKAGES)
	@mkdir -p $(dir $@) && touch $@
# Packages only the tests need: chromium renders the HTML report in a browser test.
TEST_PACKAGES := chromium
TEST_STAMP := build/.test-deps-ok
$(TEST_STAMP): $(PKG_STAMP)
	@./tools/install-deps $(TEST_PACKAGES)
	@touch $@
deps:
	@./tools/install-deps $(DEB_PACKAGES)
	@mkdir -p build && touch $(PKG_STAMP)

# ---- compile ------------------------------------------------------------------------
$(OBJDIR)/lib/%.o: pipeline/lib/%.c $(wildcard pipeline/lib/*.h) | $(PKG_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@
$(OBJDIR)/lib/%.o: pipeline/lib/%.cc $(wildcard pipeline/lib/*.h) | $(PKG_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CXX) $(CXXFLAGS) -c $< -o $@
$(LIBA): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^
$(BINDIR)/flanmix-%: pipeline/cmd/%.c $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $< -o $@ $(LIBA) $(PKG_LIBS) $(LDSAN)
$(BINDIR)/flanmix: pipeline/cmd/flanmix.c $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $< -o $@ $(LIBA) $(PKG_LIBS) $(LDSAN)
$(OBJDIR)/tests/%: tests/unit/%.c tests/unit/unit.h $(LIBA)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -Itests/unit $< -o $@ $(LIBA) $(PKG_LIBS) $(LDSAN)

tools:
	@chmod +x tools/* tests/run 2>/dev/null || true

# ---- the two README commands --------------------------------------------------------
DEMO_OUT ?= demo-out
demo: all
	./bin/flanmix demo -o $(DEMO_OUT)

# `make test`: the whole suite on the normal build, then again under ASan+UBSan.
test: $(PKG_STAMP) $(TEST_STAMP)
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory VARIANT=san all
	@$(MAKE) --no-print-directory fuzz-build
	@./tests/run --variants release,san

test-fast: $(TEST_STAMP) all fuzz-build
	@./tests/run --variants release

bench: all
	@./bench/run

# ---- libFuzzer targets (clang): tests/fuzz/NAME.c -> build/fuzz/NAME --------------------
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -O1 -g
FUZZ_LIB_OBJ := $(LIB_C:pipeline/lib/%.c=build/fuzz/lib/%.o) $(LIB_CC:pipeline/lib/%.cc=build/fuzz/lib/%.o)
build/fuzz/lib/%.o: pipeline/lib/%.c $(wildcard pipeline/lib/*.h) | $(PKG_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CLANG   $<"
	@clang -std=c11 -D_GNU_SOURCE $(WARN) -Wno-unused-command-line-argument -Ipipeline/lib $(PKG_CFLAGS) $(FUZZ_FLAGS) -c $< -o $@
build/fuzz/lib/%.o: pipeline/lib/%.cc $(wildcard pipeline/lib/*.h) | $(PKG_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CLANG++ $<"
	@clang++ -std=c++17 $(WARN) -Ipipeline/lib $(FUZZ_FLAGS) -c $< -o $@
build/fuzz/libflanmix.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^
# Compiled as C, linked with clang++: the library holds the C++ SentencePiece shim, whose
# UBSan (vptr) and C++ runtime a C link would leave out.
build/fuzz/%.o: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) $(wildcard pipeline/lib/*.h) | $(PKG_STAMP)
	@mkdir -p $(dir $@)
	@clang -std=c11 -D_GNU_SOURCE $(WARN) -Ipipeline/lib $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined -g -O1 -c $< -o $@
.SECONDARY: $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%.o)
build/fuzz/%: build/fuzz/%.o build/fuzz/libflanmix.a
	@echo "  FUZZ    $@"
	@clang++ -fsanitize=fuzzer,address,undefined -g $< -o $@ build/fuzz/libflanmix.a $(PKG_LIBS)
fuzz-build: $(FUZZ_BIN)
# `make fuzz`: run every target for FUZZ_SECONDS (default 60) each.
fuzz: fuzz-build
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-60} ./tests/fuzz/run

clean:
	rm -rf build bin/flanmix bin/flanmix-* demo-out
distclean: clean
