using System.Diagnostics;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Tests.Shared;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// The walkthrough of docs/bring-your-own-model.md, for real: a user's PyTorch model (a spec not in the zoo) saved as a state dict
/// by its own Python code, and a port whose weight conversion transposes one layer's kernel. <c>conformance compare
/// --model-spec</c> finds TorchSharp running the Python file exactly as Python does, and localises the port's file to the
/// transposed layer. Hostile input to the same command (a broken spec, a code-carrying pickle) is one line and exit 2.
/// </summary>
public sealed class SpecPortTests : IDisposable
{
    private static readonly string Spec = Path.Combine(ProductPaths.Root, "samples", "Consumer", "specs", "small-cnn.json");
    private static readonly string Walkthrough = Path.Combine(ProductPaths.Root, "docs", "walkthrough");

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_port_that_transposes_one_kernel_is_localised_to_that_layer_and_the_python_file_passes_in_torchsharp()
    {
        var model = Path.Combine(folder.Path, "model.pt");
        var ported = Path.Combine(folder.Path, "ported.pt");
        Python(Path.Combine(Walkthrough, "small_cnn.py"), model, ProductPaths.NodeModules, "--epochs", "0");
        Python(Path.Combine(Walkthrough, "port_weights.py"), model, ported);
        string[] line = ["compare", "--model-spec", Spec, "--format", "pytorch_state_dict", "--file", model, "--bindings", "pytorch-python,torchsharp"];

        var (same, sameOut, sameErr) = await Compare(line);
        var (port, portOut, portErr) = await Compare([.. line, "--target-file", ported]);

        same.Should().Be(0, sameErr + sameOut);
        sameOut.Should().StartWith("PASS compare(model: SmallCnn, format: pytorch_state_dict, bindings: pytorch-python→torchsharp, device: cpu): 64 examples");
        port.Should().Be(1, portErr);
        portOut.Should().StartWith($"pytorch-python runs {model}; torchsharp runs {ported}\nFAIL compare(model: SmallCnn, format: pytorch_state_dict")
            .And.Contain("\nfirst diverging layer: conv2 (");
        portOut.Split('\n').Single(l => l.StartsWith("pool1 ")).Should().EndWith(" 0", "every layer before conv2 agrees");
    }

    [Fact]
    public async Task A_code_carrying_pickle_is_refused_before_any_binding_loads_it_in_one_line_with_exit_2()
    {
        var marker = Path.Combine(folder.Path, "code-ran");
        var hostile = Path.Combine(folder.Path, "hostile");
        Directory.CreateDirectory(hostile);
        Python(Path.Combine(AppContext.BaseDirectory, "StateDicts", "make_hostile_pickles.py"), hostile, marker);

        var (exit, stdout, stderr) = await Compare(["compare", "--model-spec", Spec, "--format", "pytorch_state_dict", "--file", Path.Combine(hostile, "code.pt"),
            "--bindings", "pytorch-python,torchsharp"]);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be($"error: {Path.Combine(hostile, "code.pt")}: not a valid pytorch_state_dict file: its pickle imports posix.system, which no state dict needs " +
                           "(a pickle that names code runs it when loaded); a state dict imports collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storages only\n");
        File.Exists(marker).Should().BeFalse();
    }

    [Fact]
    public async Task A_broken_spec_file_is_one_line_naming_the_field_with_exit_2()
    {
        var broken = Path.Combine(folder.Path, "broken.json");
        await File.WriteAllTextAsync(broken, (await File.ReadAllTextAsync(Spec)).Replace("\"in_features\": 784", "\"in_features\": 800"));

        var (exit, stdout, stderr) = await Compare(["compare", "--model-spec", broken, "--format", "pytorch_state_dict", "--file", broken,
            "--bindings", "pytorch-python,torchsharp"]);
        var run = new StringWriter { NewLine = "\n" };
        var runExit = await CommandDispatcher.RunAsync([new RunCommand()], ["run", "--model-spec", broken, "--out", Path.Combine(folder.Path, "out")], new StringWriter(), run);

        (exit, stdout).Should().Be((2, ""));
        stderr.Should().Be($"error: {broken}: layers[10].args.in_features: is 800 but its input [784] has 784 features in its last axis\n");
        (runExit, run.ToString()).Should().Be((2, stderr));
    }

    private static void Python(params string[] args)
    {
        var start = new ProcessStartInfo(ShippedWorkers.PythonExecutable, args) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, errors);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Compare(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new CompareCommand()], args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
