#ifndef AUTODEBET_CLIBPQ_SHIM_H
#define AUTODEBET_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
