# casus — GNU Make build.
#
#   make            build build/libcasus.a, build/libcasus.so, build/casus
#   make test       install missing packages, build, run every unit test
#   make check      the tests again under AddressSanitizer + UndefinedBehaviorSanitizer
#   make demo       install, build, ingest examples/ into demo.db and report
#   make demo-real  the same on ../shared/data/news/demo (95 real articles)
#   make fuzz       build the libFuzzer targets (clang) and run each briefly
#   make eval       accuracy evaluations on ../shared (skipped if absent)
#   make bench      throughput benchmarks on ../shared (skipped if absent)
#   make models     retrain models/*.bin from ../shared (about half an hour)
#
# Variables: BUILD (output folder, default build), WERROR=1 (warnings are
# errors, as in CI), SANITIZE=1 (ASan+UBSan), CC, SHARED (default ../shared).

BUILD    ?= build
SHARED   ?= ../shared
CC       ?= cc
PKG_CONFIG ?= pkg-config
PKGS     := sqlite3 libutf8proc libxml-2.0 zlib jansson

# Dependencies are looked up once, lazily, so that `make deps` and `make clean`
# work on a machine that has none of them yet.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null))$(PKG_LIBS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka))$(CMOCKA_LIBS)

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wformat=2 -Wvla -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN     += -Werror
endif
OPT      ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN    := -fsanitize=address,undefined
endif
CPPFLAGS += -Iinclude -Isrc -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
            -DCASUS_MODELS_DIR='"$(CURDIR)/models"' -DCASUS_DICT_DIR='"$(CURDIR)/dict"'
CFLAGS   += -std=c11 $(OPT) $(WARN) -fPIC -fvisibility=hidden -pthread -MMD -MP
LDFLAGS  += -pthread $(LDSAN)
LDLIBS   += -lm

LIB_SRC  := $(sort $(wildcard src/*/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCHES  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all deps test check demo demo-real fuzz eval bench models clean format cppcheck
all: $(BUILD)/libcasus.a $(BUILD)/libcasus.so $(BUILD)/casus

deps:
	@sh scripts/install-deps

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libcasus.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libcasus.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/casus: $(CLI_OBJ) $(BUILD)/libcasus.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libcasus.a $(PKG_LIBS) $(LDLIBS)

# Unit tests link the static library so they can reach internal functions.
$(BUILD)/tests/%: tests/%.c $(BUILD)/libcasus.a tests/testutil.h $(BUILD)/casus
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests -DCASUS_TEST_DATA='"tests/data"' -DCASUS_BUILD='"$(BUILD)"' $(PKG_CFLAGS) $(CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(BUILD)/libcasus.a $(PKG_LIBS) $(CMOCKA_LIBS) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libcasus.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libcasus.a $(PKG_LIBS) $(LDLIBS)

# `make test` installs what is missing, then builds and runs in a sub-make so
# that pkg-config sees the freshly installed packages.
test: deps
	@$(MAKE) --no-print-directory run-tests

.PHONY: run-tests
run-tests: all $(TESTS)
	@sh scripts/run-tests $(BUILD) $(TESTS)

check: deps
	@$(MAKE) --no-print-directory BUILD=$(BUILD)-asan SANITIZE=1 run-tests

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo $(BUILD)/casus

# The same on the 95 real articles of ../shared/data/news/demo, when present.
demo-real: deps
	@$(MAKE) --no-print-directory all
	@if [ -f $(SHARED)/data/news/demo/articles.jsonl ]; then \
	    sh scripts/demo $(BUILD)/casus $(SHARED)/data/news/demo/articles.jsonl demo-real.db; \
	else echo "demo-real: $(SHARED)/data/news/demo is absent"; fi

fuzz: deps
	@sh scripts/fuzz $(BUILD)-fuzz $(FUZZ_SRC)

eval: deps
	@$(MAKE) --no-print-directory all $(BENCHES)
	@sh bench/eval.sh $(BUILD) $(SHARED)

bench: deps
	@$(MAKE) --no-print-directory all $(BENCHES)
	@sh bench/bench.sh $(BUILD) $(SHARED)

# Retrains the committed models from ../shared (about half an hour).
models: deps
	@$(MAKE) --no-print-directory all $(BUILD)/bench/train_syntax_tl $(BUILD)/bench/train_parser
	@sh scripts/train-models $(BUILD) $(SHARED)

format:
	clang-format -i include/*.h src/*/*.[ch] cli/*.[ch] tests/*.[ch] tests/fuzz/*.c bench/*.c

cppcheck:
	cppcheck --quiet --enable=warning,performance,portability --std=c11 --inline-suppr \
	    --error-exitcode=1 -Iinclude -Isrc src cli

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
