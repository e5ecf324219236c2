using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Fixtures;

/// <summary>
/// <c>conformance fixtures</c> against the committed golden files in fixtures/models, with the real bindings:
/// regenerating reproduces them, checking needs no writer installed, and damaged fixtures fail by name.
/// </summary>
public sealed class FixturesCommandTests
{
    private static readonly string[] PyTorchFamily = ["torchsharp", "pytorch-python"];

    [Fact]
    public async Task Freshly_written_pytorch_family_fixtures_give_the_committed_correct_counts_and_logits()
    {
        using var fresh = new TemporaryDirectory();

        var (exit, stdout, _) = await Fixtures(new DefaultOracleRegistry(), "--regenerate", "--out", fresh.Path, "--bindings", string.Join(",", PyTorchFamily));

        exit.Should().Be(0, stdout);
        var written = FixtureManifest.Read(fresh.Path).Fixtures;
        var committed = CommittedFixtures.Manifest.Fixtures.Where(f => PyTorchFamily.Contains(f.Writer)).ToArray();
        written.Select(f => f.Id).Should().BeEquivalentTo(committed.Select(f => f.Id));
        // Bytes are not compared: TorchScript and ONNX archives record the writer's version and producer, and a
        // newer libtorch or another CPU's kernels may change low-order bits of trained weights. What a binding
        // owner relies on is what the model predicts, so that is what must agree.
        foreach (var old in committed)
        {
            var now = written.Single(f => f.Id == old.Id);
            now.Correct.Should().Be(old.Correct, $"{old.Id} was retrained with the same seed, data and batch order");
            var difference = FixtureCheck.ExpectedLogits(fresh.Path, now).Zip(FixtureCheck.ExpectedLogits(FixtureManifest.DefaultDirectory, old), (a, b) => Math.Abs((double)a - b)).Max();
            difference.Should().BeLessThanOrEqualTo(old.LogitTolerance, $"logits of the retrained {old.Id}");
        }
    }

    [Fact]
    public async Task Regenerating_one_writer_replaces_its_fixtures_keeps_the_others_and_the_result_checks_out()
    {
        using var copy = new CommittedFixtures();
        var before = FixtureManifest.Read(copy.Path).Fixtures;

        var (regenerated, _, _) = await Fixtures(new DefaultOracleRegistry(), "--regenerate", "--out", copy.Path, "--bindings", "torchsharp", "--models", "LeNet1");
        var (checkedExit, stdout, _) = await Fixtures(new DefaultOracleRegistry(), "--in", copy.Path, "--bindings", "torchsharp,onnxruntime", "--devices", "cpu");

        regenerated.Should().Be(0);
        var after = FixtureManifest.Read(copy.Path).Fixtures;
        after.Select(f => f.Id).Should().BeEquivalentTo(before.Select(f => f.Id));
        after.Where(f => !(f.Writer == "torchsharp" && f.Model == "LeNet1")).Should().BeEquivalentTo(
            before.Where(f => !(f.Writer == "torchsharp" && f.Model == "LeNet1")), "fixtures of writers not regenerated stay as they were");
        Directory.EnumerateDirectories(copy.Path, ".regenerate-*").Should().BeEmpty("the staging folder is removed");
        checkedExit.Should().Be(0, stdout);
        stdout.Should().Contain("passed   LeNet1/torchsharp/torchsharp in torchsharp on cpu").And.Contain("0 failed");
    }

    [Fact]
    public async Task Without_python_torchsharp_and_onnxruntime_still_check_the_python_written_fixtures_and_python_is_skipped_with_its_reason()
    {
        var registry = new OracleRegistry([new TorchSharpOracle(threads: 1), ShippedWorkers.Python("/nonexistent/python3"), new OnnxRuntimeOracle()]);

        var (exit, stdout, _) = await Fixtures(registry, "--devices", "cpu");

        exit.Should().Be(0, stdout);
        foreach (var model in new[] { "LeNet1", "LeNet5" })
        {
            stdout.Should().Contain($"passed   {model}/pytorch-python/onnx in onnxruntime on cpu: ");
            stdout.Should().Contain($"passed   {model}/pytorch-python/torchscript_traced in torchsharp on cpu");
            stdout.Should().Contain($"passed   {model}/pytorch-python/torchscript_scripted in torchsharp on cpu");
            stdout.Should().Contain($"passed   {model}/tfjs/safetensors in torchsharp on cpu");
            stdout.Should().Contain($"skipped  {model}/torchsharp/safetensors in pytorch-python on cpu: pytorch-python not available: ");
        }
        stdout.Should().NotContain("passed   LeNet1/pytorch-python/onnx in pytorch-python", "Python PyTorch declares it cannot load ONNX");
    }

    [Fact]
    public async Task A_corrupted_fixture_file_fails_its_cells_with_one_line_naming_the_file()
    {
        using var copy = new CommittedFixtures();
        var onnx = Path.Combine(copy.Path, "LeNet1", "pytorch-python", "model.onnx");
        var bytes = await File.ReadAllBytesAsync(onnx);
        bytes[^100] ^= 0xFF;
        await File.WriteAllBytesAsync(onnx, bytes);

        var (exit, stdout, _) = await Fixtures(new DefaultOracleRegistry(), "--in", copy.Path, "--bindings", "onnxruntime", "--devices", "cpu");

        exit.Should().Be(1);
        stdout.Should().Contain("failed   LeNet1/pytorch-python/onnx in onnxruntime on cpu: fixture file LeNet1/pytorch-python/model.onnx has sha256 ")
            .And.Contain("(changed or corrupt)")
            .And.Contain("passed   LeNet5/pytorch-python/onnx in onnxruntime on cpu")
            .And.NotContain("   at ");
    }

    [Fact]
    public async Task A_loader_that_predicts_differently_from_the_recorded_count_fails_naming_both_counts()
    {
        using var copy = new CommittedFixtures();
        var manifest = FixtureManifest.Read(copy.Path);
        var onnx = manifest.Get("LeNet1/pytorch-python/onnx");
        // As if the writer had recorded one correct prediction more than its model makes.
        new FixtureManifest(manifest.FormatVersion, [.. manifest.Fixtures.Select(f => f == onnx ? f with { Correct = f.Correct + 1 } : f)]).Write(copy.Path);

        var (exit, stdout, _) = await Fixtures(new DefaultOracleRegistry(), "--in", copy.Path, "--bindings", "onnxruntime", "--devices", "cpu");

        exit.Should().Be(1);
        stdout.Should().Contain($"failed   LeNet1/pytorch-python/onnx in onnxruntime on cpu: {onnx.Correct}/{onnx.Count} correct in 2 passes (expected {onnx.Correct + 1})")
            .And.Contain($"correct-count: correct predictions differ from pytorch-python's recording ({onnx.Correct + 1}): pass 1: {onnx.Correct}, pass 2: {onnx.Correct}");
    }

    [Fact]
    public async Task Recorded_logits_holding_nan_fail_instead_of_comparing_as_equal()
    {
        using var copy = new CommittedFixtures();
        var manifest = FixtureManifest.Read(copy.Path);
        var onnx = manifest.Get("LeNet1/pytorch-python/onnx");
        var logits = FixtureCheck.ExpectedLogits(copy.Path, onnx);
        logits[0] = float.NaN;
        SafetensorsWriter.Write(Path.Combine(copy.Path, onnx.ExpectedLogits.Path), [NamedTensor.FromFloats(FixtureCheck.LogitsTensor, logits, onnx.Count, 10)]);
        var updated = onnx with { ExpectedLogits = FixtureFile.Of(copy.Path, onnx.ExpectedLogits.Path) };
        new FixtureManifest(manifest.FormatVersion, [.. manifest.Fixtures.Select(f => f == onnx ? updated : f)]).Write(copy.Path);

        var (exit, stdout, _) = await Fixtures(new DefaultOracleRegistry(), "--in", copy.Path, "--bindings", "onnxruntime", "--devices", "cpu");

        exit.Should().Be(1);
        stdout.Should().Contain("failed   LeNet1/pytorch-python/onnx in onnxruntime on cpu: ")
            .And.Contain("logits: max |logit difference| from pytorch-python's recording, worst on pass 1 of 2; " +
                         "non-finite logits (NaN or infinity) in pytorch-python's recording are never equal (value Infinity, bound ≤ 0.0001)");
    }

    [Fact]
    public async Task A_manifest_that_is_not_json_is_one_error_line_and_exit_2()
    {
        using var folder = new TemporaryDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, FixtureManifest.FileName), "{ \"format_version\": 1, \"fixtures\": [");

        var (exit, _, stderr) = await Fixtures(new DefaultOracleRegistry(), "--in", folder.Path);

        exit.Should().Be(2);
        stderr.Should().StartWith($"error: {Path.Combine(folder.Path, FixtureManifest.FileName)}: not a fixture manifest: ");
        stderr.TrimEnd().Should().NotContain("\n");
    }

    [Theory]
    [InlineData("--out", "x", "--out and --models need --regenerate")]
    [InlineData("--regenerate", "--devices", "cpu", "--in and --devices check fixtures")]
    [InlineData("--bindings", "pytorch", "unknown binding 'pytorch'")]
    [InlineData("--in", "/nonexistent/fixtures", "no fixture manifest at /nonexistent/fixtures/manifest.json")]
    public async Task Bad_usage_and_a_missing_manifest_are_one_error_line_and_exit_2(params string[] argsAndMessage)
    {
        var (exit, _, stderr) = await Fixtures(new DefaultOracleRegistry(), argsAndMessage[..^1]);

        exit.Should().Be(2);
        stderr.Should().StartWith("error: ").And.Contain(argsAndMessage[^1]);
        stderr.TrimEnd().Should().NotContain("\n");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Fixtures(OracleRegistry registry, params string[] options)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CommandDispatcher.RunAsync([new FixturesCommand(() => registry)], ["fixtures", .. options], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
