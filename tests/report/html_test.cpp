// The HTML report: every section on a bundled dataset, one self-contained page (no request of
// any kind: no src, no stylesheet or script link, no URL but the cited sources' links), hostile
// names escaped everywhere, the page's size bounded on a large graph, and the text helpers.

#include <gtest/gtest.h>

#include <cctype>
#include <micgraph/builder.hpp>
#include <micgraph/generate.hpp>
#include <micgraph/io/load.hpp>
#include <micgraph/io/scenario.hpp>
#include <micgraph/report/html.hpp>
#include <micgraph/report/impact.hpp>
#include <regex>
#include <string>
#include <vector>

using namespace micgraph;

// In a namespace of its own: the unity build compiles several test files as one.
namespace report_html_test_cases {

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// Every `http://` or `https://` in the page that is not an SVG namespace or a link's address.
/// Tooltip text (Graphviz's xlink:title, SVG titles) may quote a source's address: it is text.
std::vector<std::string> stray_urls(std::string page) {
  static const std::regex tooltip(R"(xlink:title="[^"]*"|<title>[^<]*</title>)");
  page = std::regex_replace(page, tooltip, "");
  std::vector<std::string> out;
  static const std::regex url(R"((\S{0,12})(https?://[^\s"<>]*))");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), url); it != std::sregex_iterator();
       ++it) {
    const std::string before = (*it)[1], address = (*it)[2];
    if (address.rfind("http://www.w3.org/", 0) == 0) continue;  // SVG and XLink namespaces
    if (before.ends_with("href=\"")) continue;                  // a cited source's link
    if (before.ends_with("\">")) continue;                      // ... and its text
    out.push_back(before + address);
  }
  return out;
}

/// An attribute of an element of the page.
struct attribute {
  std::string element, name, value;
};

/// The attributes of every element, read as a browser's tokenizer would (values quoted with
/// `"` or `'`, or bare); text and comments skipped.
std::vector<attribute> attributes(const std::string& page) {
  std::vector<attribute> out;
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == '_';
  };
  for (std::size_t at = page.find('<'); at != std::string::npos; at = page.find('<', at + 1)) {
    if (page.compare(at, 4, "<!--") == 0) {
      at = page.find("-->", at);
      if (at == std::string::npos) break;
      continue;
    }
    std::size_t i = at + 1;
    if (i >= page.size() || !std::isalpha(static_cast<unsigned char>(page[i]))) continue;
    std::size_t name_end = i;
    while (name_end < page.size() && is_name(page[name_end])) ++name_end;
    const std::string element = page.substr(i, name_end - i);
    i = name_end;
    while (i < page.size() && page[i] != '>') {
      if (!is_name(page[i])) {
        ++i;
        continue;
      }
      std::size_t n = i;
      while (n < page.size() && is_name(page[n])) ++n;
      attribute a{element, page.substr(i, n - i), ""};
      i = n;
      if (i < page.size() && page[i] == '=') {
        ++i;
        if (i < page.size() && (page[i] == '"' || page[i] == '\'')) {
          const std::size_t close = page.find(page[i], i + 1);
          a.value = page.substr(i + 1, close - i - 1);
          i = close + 1;
        } else {
          std::size_t v = i;
          while (v < page.size() && !std::isspace(static_cast<unsigned char>(page[v])) &&
                 page[v] != '>')
            ++v;
          a.value = page.substr(i, v - i);
          i = v;
        }
      }
      out.push_back(std::move(a));
    }
    // The text of scripts and styles is not markup.
    for (const char* raw : {"script", "style"})
      if (element == raw) at = page.find(std::string("</") + raw, i);
    if (at == std::string::npos) break;
  }
  return out;
}

/// The checks every page passes: one document, nothing fetched.
void expect_self_contained(const std::string& page) {
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(page.ends_with("</html>\n"));
  EXPECT_EQ(count(page, "<script"), 1u) << "one inline script, ours";
  EXPECT_EQ(count(page, "<script>"), 1u) << "the script is inline";
  EXPECT_EQ(count(page, "<style>"), 1u);
  EXPECT_EQ(count(page, "url("), 0u);
  EXPECT_EQ(count(page, "@import"), 0u);
  const std::vector<std::string> stray = stray_urls(page);
  EXPECT_TRUE(stray.empty()) << stray.front();
  const std::vector<attribute> all = attributes(page);
  EXPECT_GT(all.size(), 20u) << "the tokenizer sees the page's markup";
  for (const attribute& a : all) {
    for (const char* element : {"img", "iframe", "embed", "object", "audio", "video", "source",
                                "link", "image", "use", "foreignObject", "base"})
      EXPECT_NE(a.element, element) << "an element that fetches";
    for (const char* fetching :
         {"src", "srcset", "data", "poster", "xlink:href", "action", "formaction", "background"})
      EXPECT_NE(a.name, fetching) << "<" << a.element << " " << a.name << "=" << a.value << ">";
    EXPECT_FALSE(a.name.starts_with("on")) << "an inline handler: " << a.name;
    if (a.element == "meta") {
      EXPECT_NE(a.name, "http-equiv");
    }
    // Every link is an anchor in the page or a cited source opened in a new tab.
    if (a.name == "href") {
      EXPECT_EQ(a.element, "a");
      EXPECT_TRUE(a.value.starts_with("#") || a.value.starts_with("https://") ||
                  a.value.starts_with("http://"))
          << a.value;
    }
  }
}

const graph& cruise_missiles() {
  static const graph g = io::load_graph(MICGRAPH_SOURCE_DIR "/data/cruise-missile-cnc.json");
  return g;
}

}  // namespace

TEST(HtmlReport, EverySectionOnTheCruiseMissileDataset) {
  const graph& g = cruise_missiles();
  compiled_scenario cuts =
      compile(g, io::read_scenario(MICGRAPH_SOURCE_DIR "/data/scenarios/g7-cnc-ban.json"));
  html_report report = make_html_report(
      g, std::move(cuts),
      {.months = 24, .samples = 50, .views = {"western", "russian"}, .graph_label = "cnc.json"});
  ASSERT_FALSE(report.impact.explained.empty());
  EXPECT_EQ(report.impact.explained.front(), g.find("kh-101"));
  // Default targets: the most-hit products.
  const std::vector<node_index>& ranked = report.impact.result.ranked;
  EXPECT_EQ(report.targets,
            std::vector<node_index>(
                ranked.begin(), ranked.begin() + std::min<std::ptrdiff_t>(5, std::ssize(ranked))));
  ASSERT_TRUE(report.timeline && report.monte_carlo && report.views);
  EXPECT_LE(report.focus.size(), report.options.focus_nodes);
  const std::string page = to_html(report);
  for (const char* section : {"rules", "products", "losses", "chains", "picture", "timeline",
                              "monte-carlo", "views", "chokepoints", "evidence"})
    EXPECT_NE(page.find(std::string("<section id=\"") + section + "\""), std::string::npos)
        << section;
  for (const char* table :
       {"products-table", "rules-table", "single-points-table", "concentration-table",
        "evidence-table", "timeline-table", "monte-carlo-table"})
    EXPECT_NE(page.find(std::string("id=\"") + table + "\""), std::string::npos) << table;
  // The western and Russian sources of this dataset agree on every node: a sentence, no table.
  EXPECT_EQ(page.find("id=\"views-table\""), std::string::npos);
  EXPECT_NE(page.find("(western, russian): the views agree on the capacity of every node"),
            std::string::npos);
  EXPECT_NE(page.find("G7/EU ban on machine tools and their servicing"), std::string::npos);
  EXPECT_NE(page.find("new and replacement machining and turning centres"), std::string::npos);
  EXPECT_NE(page.find("Kh-101 air-launched cruise missile"), std::string::npos);
  EXPECT_NE(page.find("class=\"graph\""), std::string::npos) << "Graphviz's picture inline";
  EXPECT_NE(page.find("stroke-dasharray"), std::string::npos) << "cut edges dashed";
  EXPECT_NE(page.find("cluster_RU"), std::string::npos) << "a box per country";
  EXPECT_EQ(page.find("<?xml"), std::string::npos);
  EXPECT_NE(page.find("@media print"), std::string::npos);
  EXPECT_NE(page.find("size: A4"), std::string::npos);
  EXPECT_NE(page.find("<details class=\"chain\" open>"), std::string::npos);
  EXPECT_NE(page.find("cut by rule"), std::string::npos) << "chains end at the rules";
  // The chains cite the Rhodus report, and the datasets' URLs are links.
  EXPECT_NE(page.find("rhodus-cnc-missile-industry"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"https://"), std::string::npos);
  expect_self_contained(page);
}

TEST(HtmlReport, WithoutOptionalPartsAndWithNoLoss) {
  const graph& g = cruise_missiles();
  html_report report = make_html_report(g, compile_baseline(g), {.focus_nodes = 0});
  EXPECT_TRUE(report.impact.explained.empty());
  EXPECT_FALSE(report.timeline || report.monte_carlo || report.views);
  EXPECT_EQ(report.targets.size(), std::min<std::size_t>(5, report.impact.result.ranked.size()));
  const std::string page = to_html(report);
  EXPECT_NE(page.find("No product loses capacity under this scenario"), std::string::npos);
  for (const char* absent :
       {"id=\"picture\"", "id=\"timeline\"", "id=\"monte-carlo\"", "id=\"views\""})
    EXPECT_EQ(page.find(absent), std::string::npos) << absent;
  EXPECT_NE(page.find("unnamed scenario"), std::string::npos);
  expect_self_contained(page);
}

TEST(HtmlReport, HostileNamesAreEscapedEverywhere) {
  const std::string script = "<script>alert('id')</script>";
  graph_builder b;
  b.add_node("maker\"><img src=x onerror=alert(1)>",
             {.kind = node_kind::firm,
              .name = "</title><script>alert('name')</script>",
              .country = "DE",
              .category = "firm/<b>maker</b>",
              .tags = {"<i>tag</i>"}});
  b.add_node(script, {.kind = node_kind::product,
                      .name = "Missile & <u>co</u>",
                      .country = "RU",
                      .category = "product/'missile'"});
  b.add_edge("maker\"><img src=x onerror=alert(1)>", script,
             {.kind = edge_kind::supplies,
              .confidence = 0.7,
              .view = "<svg onload=alert(1)>",
              .sources = {"javascript:alert('source')", "https://example.org/a?b=1&c=\"<x>\"",
                          "a report <b>bold</b>, see http://example.org/r."}});
  graph g = b.freeze();
  scenario s{.name = "<script>alert('scenario')</script>",
             .rules = {{.select = scenario_rule::selection::edges,
                        .name = "</td><script>alert('rule')</script>",
                        .from = {.countries = {"DE"}},
                        .enforcement = 0.8}}};
  html_report report = make_html_report(
      g, compile(g, s),
      {.views = {"<svg onload=alert(1)>"}, .graph_label = "<script>alert('file')</script>"});
  const std::string page = to_html(report);
  EXPECT_EQ(page.find("alert('"), std::string::npos);  // every quote escaped, so no script text
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>maker"), std::string::npos);
  EXPECT_EQ(page.find("<b>bold"), std::string::npos);
  EXPECT_EQ(page.find("<i>"), std::string::npos);
  EXPECT_EQ(page.find("<u>"), std::string::npos);
  EXPECT_EQ(page.find("<svg onload"), std::string::npos);
  EXPECT_EQ(page.find("onerror=alert(1)>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(&#39;scenario&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Missile &amp; &lt;u&gt;co&lt;/u&gt;"), std::string::npos);
  // The https source is a link with its quotes and ampersand escaped; the javascript: one text.
  EXPECT_NE(page.find("<a href=\"https://example.org/a?b=1&amp;c=\" rel="), std::string::npos);
  EXPECT_NE(page.find("<a href=\"http://example.org/r\" rel="), std::string::npos);
  EXPECT_EQ(page.find("href=\"javascript"), std::string::npos);
  expect_self_contained(page);
}

TEST(HtmlReport, LargeGraphKeepsTopRowsAndABoundedPicture) {
  const graph g = generate({.nodes = 20000, .seed = 7});
  scenario s{.name = "German suppliers cut",
             .rules = {{.select = scenario_rule::selection::edges,
                        .from = {.countries = {"DE", "US"}},
                        .enforcement = 0.9}}};
  html_report report =
      make_html_report(g, compile(g, s), {.samples = 20, .top = 30, .focus_nodes = 5000});
  EXPECT_EQ(report.options.focus_nodes, html_max_focus_nodes);  // clamped
  EXPECT_LE(report.focus.size(), html_max_focus_nodes);
  ASSERT_TRUE(report.monte_carlo);
  EXPECT_EQ(report.monte_carlo->nodes.size(), 30u);  // the listed products only
  for (const explanation& why : report.impact.explanations) {
    std::size_t expanded = 0;
    for (const explained_node& node : why.nodes) expanded += node.truncated ? 0 : 1;
    EXPECT_LE(expanded, report.options.explanation_nodes);
  }
  report.options.focus_nodes = 100;
  report.focus.resize(std::min<std::size_t>(report.focus.size(), 100));
  const std::string page = to_html(report);
  // Rows: 30 products (and 30 Monte Carlo rows), not every product.
  const std::size_t start = page.find("id=\"products-table\""), end = page.find("</table>", start);
  EXPECT_EQ(count(page.substr(start, end - start), "<tr>"), 31u);  // with the header
  EXPECT_LT(page.size(), 2'000'000u);
  expect_self_contained(page);
}

TEST(HtmlReport, ViewsTableListsOnlyTheNodesWhereTheViewsDiffer) {
  // Ten products the views agree on (untagged supplies), and a product whose only supplier in
  // the western view is German, in the Russian view Chinese, with a product downstream of it.
  graph_builder b;
  for (int i = 0; i < 10; ++i) {
    const std::string firm = "firm-" + std::to_string(i), product = "product-" + std::to_string(i);
    b.add_node(firm, {.kind = node_kind::firm, .country = "FR"});
    b.add_node(product, {.kind = node_kind::product, .country = "RU"});
    b.add_edge(firm, product, {.kind = edge_kind::supplies});
  }
  b.add_node("german-maker", {.kind = node_kind::firm, .country = "DE"});
  b.add_node("chinese-maker", {.kind = node_kind::firm, .country = "CN"});
  b.add_node("module", {.kind = node_kind::product, .country = "RU"});
  b.add_node("missile", {.kind = node_kind::product, .country = "RU"});
  b.add_edge("german-maker", "module", {.kind = edge_kind::supplies, .view = "western"});
  b.add_edge("chinese-maker", "module", {.kind = edge_kind::supplies, .view = "russian"});
  b.add_edge("module", "missile", {.kind = edge_kind::supplies});
  const graph g = b.freeze();
  const scenario ban{.name = "German suppliers cut",
                     .rules = {{.select = scenario_rule::selection::edges,
                                .from = {.countries = {"DE"}},
                                .enforcement = 1.0}}};
  auto views_table_rows = [](const std::string& page) {
    const std::size_t start = page.find("id=\"views-table\"");
    if (start == std::string::npos) return std::size_t{0};
    return count(page.substr(start, page.find("</table>", start) - start), "<tr>") - 1;
  };
  {
    html_report report = make_html_report(g, compile(g, ban), {.views = {"western", "russian"}});
    ASSERT_TRUE(report.views);
    const std::string page = to_html(report);
    EXPECT_EQ(views_table_rows(page), 2u) << "the module and the missile, not the default 50";
    EXPECT_NE(page.find("The 2 nodes where the views disagree most, capacity"), std::string::npos);
    const std::size_t views = page.find("<section id=\"views\">");
    const std::string section = page.substr(views, page.find("</section>", views) - views);
    EXPECT_NE(section.find("module"), std::string::npos);
    EXPECT_NE(section.find("missile"), std::string::npos);
    EXPECT_EQ(section.find("product-0"), std::string::npos);
    expect_self_contained(page);
    // The text table of `impact --compare-views` shows the same rows, and what --top leaves out.
    const views_report views_only = make_views_report(g, ban, {"western", "russian"});
    EXPECT_EQ(views_only.differing, 2u);
    const std::string text = to_text(views_only, 50, "");
    EXPECT_EQ(count(text, "\n"), 5u) << text;
    EXPECT_NE(text.find("  module "), std::string::npos) << text;
    EXPECT_EQ(text.find("product-0"), std::string::npos) << text;
    EXPECT_NE(to_text(views_only, 1, "").find("  ... 1 more (--top, --json)\n"),
              std::string::npos);
  }
  {
    html_report report =
        make_html_report(g, compile(g, ban), {.views = {"western", "russian"}, .top = 1});
    const std::string page = to_html(report);
    EXPECT_EQ(views_table_rows(page), 1u);
    EXPECT_NE(page.find("The 1 node where the views disagree most (of 2 where they differ)"),
              std::string::npos);
  }
  {
    // With no cut, both views supply the module: they agree everywhere, and say so.
    html_report report =
        make_html_report(g, compile_baseline(g), {.views = {"western", "russian"}});
    ASSERT_TRUE(report.views);
    const std::string page = to_html(report);
    EXPECT_NE(page.find("<section id=\"views\">"), std::string::npos);
    EXPECT_EQ(page.find("id=\"views-table\""), std::string::npos);
    EXPECT_NE(page.find("(western, russian): the views agree on the capacity of every node"),
              std::string::npos);
    expect_self_contained(page);
    const views_report views_only = make_views_report(g, scenario{}, {"western", "russian"});
    EXPECT_EQ(views_only.differing, 0u);
    EXPECT_NE(to_text(views_only, 50, "")
                  .find("The views (western, russian) agree on the capacity of every node"),
              std::string::npos);
  }
}

TEST(HtmlReport, UnknownViewNamesTheOption) {
  const graph& g = cruise_missiles();
  try {
    make_html_report(g, compile_baseline(g), {.views = {"martian"}});
    FAIL() << "an unknown view was accepted";
  } catch (const scenario_error& e) {
    EXPECT_EQ(e.where().element, "views");
    EXPECT_NE(std::string(e.what()).find("martian"), std::string::npos) << e.what();
  }
}

TEST(HtmlText, EscapesAndReplacesInvalidUtf8) {
  EXPECT_EQ(detail::html_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(detail::html_escape("Zoll \xC3\xA4"), "Zoll \xC3\xA4");  // UTF-8 kept
  EXPECT_EQ(detail::html_escape("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(detail::html_escape("cut \xC3"), "cut \xEF\xBF\xBD");
}

TEST(HtmlText, LinksOnlyWebAddresses) {
  EXPECT_EQ(detail::html_linked("no link"), "no link");
  EXPECT_EQ(detail::html_linked("see https://a.org/x."),
            "see <a href=\"https://a.org/x\" rel=\"noreferrer noopener\" "
            "target=\"_blank\">https://a.org/x</a>.");
  EXPECT_EQ(detail::html_linked("(http://a.org/y), ftp://b"),
            "(<a href=\"http://a.org/y\" rel=\"noreferrer noopener\" "
            "target=\"_blank\">http://a.org/y</a>), ftp://b");
  EXPECT_EQ(detail::html_linked("javascript:alert(1)"), "javascript:alert(1)");
  EXPECT_EQ(detail::html_linked("https://"), "https://");
  EXPECT_EQ(detail::html_linked("x https://a.org/?q=<b>"),
            "x <a href=\"https://a.org/?q=\" rel=\"noreferrer noopener\" "
            "target=\"_blank\">https://a.org/?q=</a>&lt;b&gt;");
}

}  // namespace report_html_test_cases
