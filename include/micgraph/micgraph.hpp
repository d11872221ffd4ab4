#pragma once
/// \file micgraph.hpp
/// Everything: the model, the graph, the analyses and the I/O interfaces.

#include "micgraph/analysis/availability.hpp"
#include "micgraph/analysis/chokepoints.hpp"
#include "micgraph/analysis/design.hpp"
#include "micgraph/analysis/min_cut.hpp"
#include "micgraph/analysis/impact.hpp"
#include "micgraph/analysis/stats.hpp"
#include "micgraph/analysis/structure.hpp"
#include "micgraph/analysis/validation.hpp"
#include "micgraph/builder.hpp"
#include "micgraph/error.hpp"
#include "micgraph/generate.hpp"
#include "micgraph/graph.hpp"
#include "micgraph/io/csv.hpp"
#include "micgraph/io/json.hpp"
#include "micgraph/io/load.hpp"
#include "micgraph/io/scenario.hpp"
#include "micgraph/io/war_sanctions.hpp"
#include "micgraph/model.hpp"
#include "micgraph/scenario.hpp"
