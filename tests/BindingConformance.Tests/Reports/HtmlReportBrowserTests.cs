using BindingConformance.Cells;
using BindingConformance.IO;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Reports;
using BindingConformance.Reports.Html;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Microsoft.Playwright;
using Xunit;

namespace BindingConformance.Tests.Reports;

/// <summary>
/// The HTML report of a harness run (<see cref="HarnessRun"/>: failing cells with repro bundles, training curves, time cells,
/// cross-loads, probes), opened in a real headless browser: Debian's Chromium driven by Playwright, which never downloads a
/// browser here. The page must log no console error (a hostile reason that escaped its escaping would), every local link must
/// resolve, and the plots must be there as SVG. A screenshot stays in the test output (<c>browser/report.png</c>).
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [ChromiumFact]
    public async Task The_report_of_a_run_renders_without_console_errors_or_broken_links_and_shows_its_plots()
    {
        var output = Path.Combine(folder.Path, "run");
        var report = await HarnessRun.RunAsync(output, Path.Combine(folder.Path, "approved"), [HarnessRun.ReferenceBinding(), HarnessRun.PortBinding(faulty: true)]);
        // Reports are hostile input: a reason or an environment value that is markup must stay text.
        var hostile = "<script>console.error('escaped the escaping')</script><img src=x onerror=\"console.error('escaped the escaping')\">";
        report = report with
        {
            Cells = [.. report.Cells, CellResult.Skipped(new CellKey(CrossLoadKind.Instance, "LeNet1", HarnessRun.Port.Id, "cuda") { Source = HarnessRun.Reference.Id, Format = "safetensors" }, hostile)],
            Environment = new System.Text.Json.Nodes.JsonObject { ["os"] = hostile },
        };
        var page = Path.Combine(output, "report.html");
        AtomicFile.WriteAllText(page, new HtmlReportExporter().Export(report));
        report.Cells.Should().Contain(c => c.Outcome == CellOutcome.Failed && c.Repro.Bundle != null, "the page must link repro bundles");

        var (errors, hrefs, plots, text) = await OpenAsync(page, Path.Combine(AppContext.BaseDirectory, "browser", "report.png"));

        errors.Should().BeEmpty("the page must load without console errors or failed requests");
        text.Should().Contain("<script>console.error('escaped the escaping')</script>", "hostile text is shown, not run");
        plots.Should().BeGreaterThanOrEqualTo(2 * 2 + 2, "accuracy and loss curves of both bindings' LeNet-1 trainings, and the training and inference time plots");
        hrefs.Should().Contain(h => h.StartsWith("repro/", StringComparison.Ordinal), "failing cells link their bundles");
        foreach (var href in hrefs)
        {
            if (href.StartsWith('#')) continue;
            href.Should().NotContain("://", "the report is self-contained");
            var target = Path.Combine(output, Uri.UnescapeDataString(href.Split('#')[0]));
            (File.Exists(target) || Directory.Exists(target)).Should().BeTrue($"the link {href} must resolve in {output}");
        }
        File.Exists(Path.Combine(AppContext.BaseDirectory, "browser", "report.png")).Should().BeTrue();
    }

    [ChromiumFact]
    public async Task Every_in_page_link_leads_to_a_section_of_the_page()
    {
        var output = Path.Combine(folder.Path, "run");
        await HarnessRun.RunAsync(output, Path.Combine(folder.Path, "approved"), [HarnessRun.ReferenceBinding(), HarnessRun.PortBinding()]);

        var (errors, hrefs, _, _) = await OpenAsync(Path.Combine(output, "report.html"), null, checkAnchors: true);

        errors.Should().BeEmpty();
        hrefs.Where(h => h.StartsWith('#')).Should().Contain(["#training", "#time", "#cross-load", "#hybridization", "#where-the-time-goes", "#cells"]);
    }

    /// <summary>
    /// Opens <paramref name="page"/> in headless Chromium with a fresh profile and returns the console errors (and failed
    /// requests and page errors, and with <paramref name="checkAnchors"/> the in-page links without a target), every link's
    /// href, how many SVG plots are drawn with a size, and the page's text.
    /// </summary>
    private async Task<(List<string> Errors, string[] Hrefs, int Plots, string Text)> OpenAsync(string page, string? screenshot, bool checkAnchors = false)
    {
        // Playwright must never try to download a browser here: it drives the system's Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH", Path.Combine(folder.Path, "no-browsers"));
        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(folder.Path, "profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            Timeout = 120_000,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var tab = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        var errors = new List<string>();
        tab.Console += (_, message) => { if (message.Type == "error") errors.Add($"console: {message.Text}"); };
        tab.PageError += (_, error) => errors.Add($"page error: {error}");
        tab.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url}");
        await tab.GotoAsync(new Uri(page).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 120_000 });

        var hrefs = await tab.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.getAttribute('href'))");
        var plots = await tab.EvalOnSelectorAllAsync<int>("svg.plot", "svgs => svgs.filter(s => s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().height > 0).length");
        if (checkAnchors)
            errors.AddRange((await tab.EvalOnSelectorAllAsync<string[]>("a[href^='#']", "links => links.filter(a => !document.getElementById(a.getAttribute('href').slice(1))).map(a => a.getAttribute('href'))"))
                .Select(h => $"in-page link without a target: {h}"));
        var text = await tab.InnerTextAsync("body");
        if (screenshot is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await tab.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }
        return (errors, hrefs, plots, text);
    }

    /// <summary>A fact skipped, with the reason, where Debian's Chromium is not installed (<c>apt-get install chromium</c>; bootstrap.sh does).</summary>
    private sealed class ChromiumFactAttribute : FactAttribute
    {
        public ChromiumFactAttribute()
        {
            if (!File.Exists(Chromium)) Skip = $"{Chromium} is not installed (apt-get install chromium; ./bootstrap.sh installs it): the HTML report is not opened in a browser";
        }
    }
}
