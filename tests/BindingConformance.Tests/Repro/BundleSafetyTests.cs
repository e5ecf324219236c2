using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Oracles;
using BindingConformance.Repro;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// Bundles are made to travel: a binding owner runs what a user sends. A report crafted with shell metacharacters,
/// newlines, Markdown and HTML in its strings must give a bundle that runs nothing unintended (through
/// <c>conformance reproduce</c> and through <c>reproduce.sh</c>) and an ISSUE.md that renders it as text; a received
/// bundle is checked before anything runs; <c>repro</c> copies only files of its run folder, honours the output lock,
/// reads a copied run's own files, and says when a rebuilt comparison passes.
/// </summary>
public sealed class BundleSafetyTests : IDisposable
{
    private const string CrossLoad = "cross-load(model: LeNet1, source: reference-python, binding: port-csharp, device: cpu, format: safetensors)";
    private const string BundleName = "cross-load-LeNet1-reference-python-port-csharp-cpu-safetensors";

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private string Output => Path.Combine(folder.Path, "out");

    private string Bundle => Path.Combine(Output, "repro", BundleName);

    /// <summary>Where an injected command would leave its mark.</summary>
    private string Sentinel => Path.Combine(folder.Path, "INJECTED");

    /// <summary>Every way a string could break out of a shell line, a Markdown block or HTML, each creating <see cref="Sentinel"/>.</summary>
    private string Hostile => $"x\ntouch {Sentinel}\n$(touch {Sentinel}) `touch {Sentinel}`; touch {Sentinel} | touch {Sentinel} && touch {Sentinel}\n" +
                              "```\n# Heading\n<script>alert(1)</script> <img src=x onerror=alert(1)> [link](http://evil.example) **bold** ' \" \\ ${HOME}";

    [Fact]
    public async Task A_crafted_report_gives_a_bundle_that_reproduce_runs_as_data_and_an_issue_that_shows_it_as_text()
    {
        await CraftedRunAsync();

        var (exit, _, stderr) = await Run(LayeredRepro(), ["repro", "--in", Output, "--cell", CrossLoad]);
        exit.Should().Be(0, stderr);

        File.ReadAllText(Path.Combine(Bundle, "reproduce.sh")).Should().Be(ReproBundleWriter.Script, "no value from the report reaches the script");
        Directory.EnumerateFiles(Bundle, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Bundle, f))
            .Should().Contain("model/model.safetensors").And.OnlyContain(f => !f.Contains('$') && !f.Contains('`') && !f.Contains(' '));
        var issue = File.ReadAllText(Path.Combine(Bundle, "ISSUE.md"));
        issue.Should().Contain("<script>alert(1)</script> <img src=x onerror=alert(1)> [link](http://evil.example)", "the text is shown, as code");
        // What Markdown renders as Markdown (outside code spans and fenced blocks) holds nothing of it: no HTML, link, heading or command.
        OutsideCode(issue).Should().NotContain("<script").And.NotContain("<img").And.NotContain("](http").And.NotContain("# Heading")
            .And.NotContain("touch").And.NotContain("**bold**");

        var (reproduced, stdout, reproducedErr) = await Run(LayeredRepro(), ["reproduce", Bundle]);
        reproduced.Should().Be(1, reproducedErr);
        stdout.Split('\n')[0].Should().StartWith("reproducing x?touch ").And.NotContain("\n");
        stdout.Split('\n')[1].Should().Be(File.ReadAllText(Path.Combine(Bundle, "verdict.txt")).TrimEnd('\n'));
        Injected().Should().BeEmpty("nothing in the report ran");
    }

    [Fact]
    public async Task The_bundles_script_runs_nothing_from_the_report_even_through_the_real_tool()
    {
        if (OperatingSystem.IsWindows()) return;
        await CraftedRunAsync();
        (await Run(LayeredRepro(), ["repro", "--in", Output, "--cell", CrossLoad])).Exit.Should().Be(0);

        // The real tool, with this machine's bindings: it does not know the test bindings, so it refuses the bundle in one line.
        var start = new ProcessStartInfo("bash", [Path.Combine(Bundle, "reproduce.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.Path,
            Environment =
            {
                [ReproBundle.CliVariable] = $"{Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet"} {Path.Combine(AppContext.BaseDirectory, "conformance.dll")}",
            },
        };
        using var script = Process.Start(start)!;
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = await script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();

        script.ExitCode.Should().Be(2, stderr);
        (await stdout).Should().StartWith("reproducing x?touch ");
        stderr.Should().StartWith("error: unknown binding 'reference-python'; known: ").And.NotContain("   at ");
        Injected().Should().BeEmpty("nothing in the report ran");
    }

    [Fact]
    public async Task A_bundle_changed_after_it_was_written_is_refused_before_anything_runs()
    {
        await ReproReadyAsync();
        File.AppendAllText(Path.Combine(Bundle, "model", "model.safetensors"), "tampered");

        var (exit, stdout, stderr) = await Run(LayeredRepro(), ["reproduce", Bundle]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: {Bundle} is not a sound repro bundle: model/model.safetensors does not match its checksum in case.json: the bundle was changed or damaged\n");
    }

    [Theory]
    [InlineData("../../outside.safetensors", false, "is not among the files case.json lists and checks")]
    [InlineData("/etc/hostname", false, "is not among the files case.json lists and checks")]
    [InlineData("model/unlisted.safetensors", false, "is not among the files case.json lists and checks")]
    [InlineData("../../outside.safetensors", true, "'../../outside.safetensors' is not a plain relative path inside")]
    [InlineData("/etc/hostname", true, "'/etc/hostname' is not a plain relative path inside")]
    public async Task A_bundle_naming_a_file_outside_it_or_not_checked_is_refused(string file, bool listed, string why)
    {
        await ReproReadyAsync();
        File.WriteAllText(Path.Combine(folder.Path, "outside.safetensors"), "weights");
        File.WriteAllText(Path.Combine(Bundle, "model", "unlisted.safetensors"), "weights");
        EditCase(json =>
        {
            json["case"]!["file"] = file;
            // With its true checksum, as a crafted bundle would list it.
            if (listed) json["files"]![file] = BundleFiles.Sha256(file.StartsWith('/') ? file : Path.Combine(folder.Path, "outside.safetensors"));
        });

        var (exit, stdout, stderr) = await Run(LayeredRepro(), ["reproduce", Bundle]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"error: {Bundle} is not a sound repro bundle: ").And.Contain(why);
        stderr.TrimEnd('\n').Should().NotContain("\n");
    }

    [Fact]
    public async Task A_listed_file_swapped_for_a_link_is_refused_even_with_a_matching_checksum()
    {
        await ReproReadyAsync();
        var model = Path.Combine(Bundle, "model", "model.safetensors");
        var outside = Path.Combine(folder.Path, "outside.safetensors");
        File.Copy(model, outside);
        File.Delete(model);
        File.CreateSymbolicLink(model, outside);

        var (exit, _, stderr) = await Run(LayeredRepro(), ["reproduce", Bundle]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {Bundle} is not a sound repro bundle: model/model.safetensors in {Bundle} is a symbolic link, not a regular file; " +
                           "only regular files and folders are read\n");
    }

    [Fact]
    public async Task A_bundle_holding_torchscript_says_so_in_its_issue_and_in_reproduces_first_line()
    {
        var file = Path.Combine(folder.Path, "model.traced.pt");
        File.WriteAllText(file, "an archive");
        var c = new ReproCase("cross-load(…)", "LeNet1", ModelFormat.TorchScriptTraced, file, Device.Cpu, CompareCommandTests.Reference.Id, CompareCommandTests.Port.Id, null);
        var bundle = Path.Combine(folder.Path, "bundle");
        await ForwardBundles.WriteAsync(LayeredRepro()(), c, InputBatch.FromTestSplit(CompareCommandTests.Mnist, 4), bundle, BindingConformance.Verdicts.VerdictRules.Default, default);

        var (_, stdout, _) = await Run(LayeredRepro(), ["reproduce", bundle]);

        File.ReadAllText(Path.Combine(bundle, "ISSUE.md")).Should().Contain("> **Trust:** this bundle holds TorchScript or ONNX files (`model/model.traced.pt`)");
        stdout.Split('\n')[0].Should().Be($"reproducing cross-load(…) (forward bundle, {bundle}); warning: this bundle holds TorchScript or ONNX files " +
                                          "(model/model.traced.pt): loading them runs their code, so reproduce it only if you trust who made it (docs/trust-model.md)");
    }

    [Theory]
    [InlineData("/etc/hostname")]
    [InlineData("../../etc/hostname")]
    public async Task Repro_copies_only_files_under_the_run_folder_and_refuses_others_in_one_line(string file)
    {
        await ReproBundleTests.RunWithFaultyPort(Output);
        EditReportCase(c => c["file"] = file);

        var (exit, stdout, stderr) = await Run(LayeredRepro(), ["repro", "--in", Output, "--cell", CrossLoad]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"error: {CrossLoad}: ").And.Contain(file.StartsWith('/') ? "is outside the run folder" : "is not a plain relative path inside");
        stderr.TrimEnd('\n').Should().NotContain("\n");
        Directory.EnumerateFiles(Output, "hostname", SearchOption.AllDirectories).Should().BeEmpty("nothing from outside the run was copied");
    }

    [Fact]
    public async Task Repro_of_a_copied_run_uses_the_copys_files_not_the_original_folders()
    {
        await ReproBundleTests.RunWithFaultyPort(Output);
        // The report records the original folder's absolute path, as a run before this release did.
        EditReportCase(c => c["file"] = Path.Combine(Output, "models", "LeNet1", "reference-python-cpu", "model.safetensors"));
        var copy = Path.Combine(folder.Path, "copy");
        CopyFolder(Output, copy);
        File.WriteAllText(Path.Combine(copy, "models", "LeNet1", "reference-python-cpu", "model.safetensors"), "the copy's weights");

        var (exit, _, stderr) = await Run(LayeredRepro(), ["repro", "--in", copy, "--cell", CrossLoad]);

        exit.Should().Be(0, stderr);
        File.ReadAllText(Path.Combine(copy, "repro", BundleName, "model", "model.safetensors")).Should().Be("the copy's weights");
    }

    [Fact]
    public async Task Repro_waits_for_no_run_it_refuses_a_locked_folder()
    {
        await ReproBundleTests.RunWithFaultyPort(Output);

        using (OutputFolderLock.Acquire(Output))
        {
            var (exit, _, stderr) = await Run(LayeredRepro(), ["repro", "--in", Output, "--cell", CrossLoad]);

            exit.Should().Be(2);
            stderr.Should().Be($"error: {Output} is in use by another conformance run (it holds {Path.Combine(Output, ".lock")}); wait for it to finish or give another --out\n");
        }
    }

    [Fact]
    public async Task A_rebuilt_bundle_whose_comparison_now_passes_says_so_instead_of_their_outputs_differ()
    {
        await ReproBundleTests.RunWithFaultyPort(Output);
        var fixedPort = () => new OracleRegistry([new LayeredOracle(CompareCommandTests.Reference), new LayeredOracle(CompareCommandTests.Port)]);

        var (exit, stdout, stderr) = await Run(fixedPort, ["repro", "--in", Output, "--cell", CrossLoad]);

        exit.Should().Be(0, stderr);
        stdout.Should().StartWith("PASS ").And.Contain($"note: the comparison passes now, so it does not reproduce the failure of {CrossLoad}");
        var issue = File.ReadAllText(Path.Combine(Bundle, "ISSUE.md"));
        issue.Should().StartWith("# `port-csharp`: LeNet1 from a safetensors file agrees with `reference-python` on this batch\n")
            .And.Contain("their outputs agree: this comparison does not reproduce the failure").And.NotContain("their outputs differ");
    }

    /// <summary>A run with a failing cross-load whose report, and recorded case, carry <see cref="Hostile"/> text wherever text can go.</summary>
    private async Task CraftedRunAsync()
    {
        await ReproBundleTests.RunWithFaultyPort(Output);
        // Run from the bundle folder, the old script would have created the sentinel there.
        var hostileFile = Path.Combine("models", "LeNet1", "reference-python-cpu", $"$(touch {Path.GetFileName(Sentinel)}).safetensors");
        File.Copy(Path.Combine(Output, "models", "LeNet1", "reference-python-cpu", "model.safetensors"), Path.Combine(Output, hostileFile));
        var reportFile = Path.Combine(Output, "report.json");
        var report = JsonNode.Parse(File.ReadAllText(reportFile))!;
        var cell = report["cells"]!.AsArray().Single(c => c!["name"]?.GetValue<string>() == CrossLoad)!;
        cell["reason"] = Hostile;
        cell["note"] = Hostile;
        var recorded = cell["repro"]!["forward"]!;
        recorded["cell"] = Hostile;
        recorded["file"] = hostileFile;
        recorded["data"] = Hostile;
        File.WriteAllText(reportFile, report.ToJsonString());
        // A well-formed report: only its strings are hostile.
        ReportSchema.ShouldValidateFile(Output);
    }

    /// <summary>
    /// The Markdown a renderer treats as Markdown: without fenced blocks (closed only by a backtick fence at least as long)
    /// and inline code spans (closed only by a backtick run of the same length), as CommonMark reads them.
    /// </summary>
    private static string OutsideCode(string markdown)
    {
        var text = new System.Text.StringBuilder();
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            var run = new string(line.TakeWhile(c => c == '`').ToArray());
            if (fence is null && run.Length >= 3) fence = run;
            else if (fence is not null) { if (run.Length >= fence.Length && line.Trim() == run) fence = null; }
            else text.AppendLine(System.Text.RegularExpressions.Regex.Replace(line, "(?<!`)(`+)(?!`).*?(?<!`)\\1(?!`)", ""));
        }
        return text.ToString();
    }

    /// <summary>Every file an injected command made, wherever the script or the tool ran.</summary>
    private IEnumerable<string> Injected() =>
        Directory.EnumerateFiles(folder.Path, Path.GetFileName(Sentinel), SearchOption.AllDirectories)
            .Concat(File.Exists(Path.Combine(Environment.CurrentDirectory, Path.GetFileName(Sentinel))) ? [Path.GetFileName(Sentinel)] : []);

    private async Task ReproReadyAsync()
    {
        await ReproBundleTests.RunWithFaultyPort(Output);
        Directory.Exists(Bundle).Should().BeTrue();
    }

    private void EditCase(Action<JsonNode> change)
    {
        var path = Path.Combine(Bundle, "case.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    private void EditReportCase(Action<JsonNode> change)
    {
        var reportFile = Path.Combine(Output, "report.json");
        var report = JsonNode.Parse(File.ReadAllText(reportFile))!;
        change(report["cells"]!.AsArray().Single(c => c!["name"]?.GetValue<string>() == CrossLoad)!["repro"]!["forward"]!);
        File.WriteAllText(reportFile, report.ToJsonString());
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static Func<OracleRegistry> LayeredRepro() =>
        () => new OracleRegistry([new LayeredOracle(CompareCommandTests.Reference), new LayeredOracle(CompareCommandTests.Port, "conv1", 0.25f)]);

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(Func<OracleRegistry> registry, string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new ReproCommand(registry), new ReproduceCommand(registry), new CompareCommand(registry)],
            args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
