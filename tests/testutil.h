/*
 * testutil.h — what every cmocka test file includes.
 */
#ifndef CASUS_TESTUTIL_H
#define CASUS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "casus.h"

#ifndef CASUS_TEST_DATA
#define CASUS_TEST_DATA "tests/data"
#endif
#ifndef CASUS_BUILD
#define CASUS_BUILD "build"
#endif

#endif
