using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Cells;
using BindingConformance.Kinds.Training;
using BindingConformance.Reports;
using BindingConformance.Tests.Reports;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// <c>--bindings-from MANIFEST</c> adds a binding no C# names, for real (the Perl example worker); <c>--bindings</c> names a
/// released version as a binding of its own. Bad manifests are one line, or an absent binding with the reason, never a crash.
/// </summary>
public sealed class BindingsFromTests : IDisposable
{
    private static readonly string Example = Path.Combine(ProductPaths.Root, "examples", "workers", "perl", "example-perl.binding.json");

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Doctor_probes_a_binding_added_by_its_manifest_and_shows_what_its_hello_declared()
    {
        var (exit, stdout, _) = await Doctor(new OracleRegistry([]), "--json", "--bindings-from", Example);

        exit.Should().Be(0);
        var binding = JsonNode.Parse(stdout)!["bindings"]!.AsArray().Should().ContainSingle().Subject!;
        binding["id"]!.GetValue<string>().Should().Be("example-perl");
        binding["framework"]!.GetValue<string>().Should().Be("example");
        binding["available"]!.GetValue<bool>().Should().BeTrue(binding.ToJsonString());
        binding["version"]!.GetValue<string>().Should().Be("1.0.0");
        binding["engine"]!.GetValue<string>().Should().Be("perl");
        binding["engine_version"]!.GetValue<string>().Should().StartWith("5.");
    }

    [Fact]
    public async Task Several_manifests_add_several_bindings_and_an_invalid_one_is_an_absent_binding_with_the_reason()
    {
        var invalid = Write("invalid", """{"binding": "invalid", "framework": "pytorch", "language": "cpp", "arguments": ["worker"]}""");

        var (exit, stdout, _) = await Doctor(new OracleRegistry([]), "--bindings-from", Example, "--bindings-from", invalid);

        exit.Should().Be(0);
        stdout.Should().Contain("  ok   example-perl       example     perl        1.0.0, engine perl 5.").And.Contain("1 of 2 bindings available")
            .And.Contain($"  --   invalid            pytorch     cpp         unavailable: its manifest {invalid} is invalid: 'executable' is missing");
    }

    [Fact]
    public async Task Run_runs_a_binding_added_by_its_manifest_and_reports_it_on_its_own()
    {
        var output = Path.Combine(folder.Path, "out");

        var (exit, stdout, _) = await Run(new OracleRegistry([]), "--bindings-from", Example, "--models", ModelZoo.LeNet1, "--devices", "cpu", "--out", output);

        exit.Should().Be(0, stdout);
        var report = RunReportReader.Read(Path.Combine(output, "report.json"));
        report.Cells.Should().ContainSingle(c => c.Kind == TrainingKind.Instance && c.Key.Binding == "example-perl")
            .Which.Should().Match<CellResult>(c => c.Outcome == CellOutcome.Skipped && c.Reason == "example-perl is inference-only");
        var binding = report.Bindings.Should().ContainSingle().Subject;
        binding["id"]!.GetValue<string>().Should().Be("example-perl");
        binding["engine"]!.GetValue<string>().Should().Be("perl", "the binding's engine is reported beside its version");
        binding["engine_version"]!.GetValue<string>().Should().StartWith("5.");
        ReportSchema.ShouldValidateFile(output);
    }

    [Theory]
    [InlineData("missing", "error: binding manifest {folder}/missing.binding.json does not exist")]
    [InlineData("not-json", "error: binding manifest {folder}/not-json.binding.json is not valid JSON: *")]
    [InlineData("no-id", "error: binding manifest {folder}/no-id.binding.json has no string 'binding' (the binding id)")]
    public async Task A_manifest_that_names_no_binding_is_a_usage_error_before_anything_starts(string name, string expected)
    {
        if (name == "not-json") Write(name, "{");
        if (name == "no-id") Write(name, """{"executable": "perl"}""");

        var (exit, stdout, stderr) = await Doctor(new DefaultOracleRegistry(), "--bindings-from", Path.Combine(folder.Path, $"{name}.binding.json"));

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Match(expected.Replace("{folder}", folder.Path) + "\n");
    }

    [Fact]
    public async Task A_manifest_naming_a_registered_binding_is_refused()
    {
        var twin = Write("twin", """{"binding": "tfjs", "framework": "tensorflow", "language": "javascript", "executable": "node"}""");

        var (exit, _, stderr) = await Doctor(new DefaultOracleRegistry(), "--bindings-from", twin);

        exit.Should().Be(2);
        stderr.Should().Be("error: binding 'tfjs' is registered twice\n");
    }

    [Fact]
    public async Task A_release_of_a_binding_without_releases_is_refused_by_name()
    {
        var (exit, _, stderr) = await Doctor(new DefaultOracleRegistry(), "--bindings", "pytorch-python@1.12.0");

        exit.Should().Be(2);
        stderr.Should().Match("error: binding 'pytorch-python' cannot run other releases side by side: its manifest */PythonTorch/pytorch-python.binding.json has no 'releases' section\n");
    }

    [Fact]
    public async Task A_manifests_version_list_runs_each_release_beside_the_binding_and_doctor_shows_each_on_its_own()
    {
        var example = File.ReadAllText(Example).Replace("\"install_hint\"", "\"packages\": \"{manifest_dir}\", \"releases\": {\"npm\": [\"example-perl\"], \"versions\": [\"0.9.0\"]}, \"install_hint\"");
        var releases = Path.Combine(ProductPaths.Cache, "releases", "example-perl@0.9.0");
        // A release folder that exists is taken as installed: this one holds nothing, and the example worker is 1.0.0.
        Directory.CreateDirectory(releases);
        try
        {
            var manifest = Write("versions", example.Replace("{manifest_dir}/example_worker.pl", Path.Combine(Path.GetDirectoryName(Example)!, "example_worker.pl")));

            var (exit, stdout, _) = await Doctor(new OracleRegistry([]), "--bindings-from", manifest);

            exit.Should().Be(0);
            stdout.Should().Contain("  ok   example-perl       example     perl        1.0.0")
                .And.Contain($"  --   example-perl@0.9.0 example     perl        unavailable: the worker loaded example-perl 1.0.0 from {Path.Combine(releases, "node_modules")}, not the release 0.9.0 asked for");
        }
        finally
        {
            Directory.Delete(releases, recursive: true);
        }
    }

    private string Write(string name, string json)
    {
        var file = Path.Combine(folder.Path, $"{name}.binding.json");
        File.WriteAllText(file, json);
        return file;
    }

    private static Task<(int Exit, string Stdout, string Stderr)> Doctor(OracleRegistry registry, params string[] args) =>
        Dispatch(new DoctorCommand(() => registry), ["doctor", .. args]);

    private static Task<(int Exit, string Stdout, string Stderr)> Run(OracleRegistry registry, params string[] args) =>
        Dispatch(new RunCommand(() => registry), ["run", .. args]);

    private static async Task<(int Exit, string Stdout, string Stderr)> Dispatch(ICommand command, string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = await CommandDispatcher.RunAsync([command], args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
