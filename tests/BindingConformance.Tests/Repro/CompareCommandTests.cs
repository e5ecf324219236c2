using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Repro;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary><c>conformance compare</c> through the dispatcher, with in-memory layered bindings and the committed MNIST test slice.</summary>
public sealed class CompareCommandTests : IDisposable
{
    internal static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    internal static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);

    /// <summary>The committed MNIST slice (fixtures/models), as a converted dataset file.</summary>
    internal static readonly string Mnist = Path.Combine(ProductPaths.Root, "fixtures", "models", "mnist-test128.safetensors");

    private readonly TemporaryDirectory folder = new();
    private readonly string model;
    private readonly string inputs;

    public CompareCommandTests()
    {
        model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights the layered oracles do not read");
        inputs = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(Mnist, 8).Write(inputs);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Outputs_that_part_at_a_layer_fail_with_exit_1_naming_that_layer()
    {
        var (exit, stdout, stderr) = await Compare(new LayeredOracle(Port, "tanh1", 0.5f), "--bindings", $"{Reference.Id},{Port.Id}");

        exit.Should().Be(1, stderr);
        var lines = stdout.Split('\n');
        lines[0].Should().StartWith($"FAIL compare(model: LeNet1, format: safetensors, bindings: {Reference.Id}→{Port.Id}, device: cpu): ")
            .And.Contain("logits: max |logit difference| from reference-python's forward pass of model.safetensors");
        lines[1].Should().StartWith("first diverging layer: tanh1 (");
        stdout.Should().Contain("conv1").And.Contain("<- first diverging");
    }

    [Fact]
    public async Task Agreeing_outputs_pass_with_exit_0()
    {
        var (exit, stdout, _) = await Compare(new LayeredOracle(Port), "--bindings", $"{Reference.Id},{Port.Id}");

        exit.Should().Be(0);
        stdout.Should().StartWith($"PASS compare(model: LeNet1, format: safetensors, bindings: {Reference.Id}→{Port.Id}, device: cpu): 8 examples")
            .And.Contain("no layer's relative deviation jumps above 1e-05");
    }

    [Fact]
    public async Task One_binding_is_compared_with_recorded_activations()
    {
        var expected = Path.Combine(folder.Path, "expected.safetensors");
        SafetensorsWriter.Write(expected, LayeredOracle.Layers(8));

        var (exit, stdout, _) = await Compare(new LayeredOracle(Port, "fc", 1f), "--bindings", Port.Id, "--expected", expected);

        exit.Should().Be(1);
        stdout.Should().Contain("recorded expected.safetensors→port-csharp").And.Contain("first diverging layer: fc (");
    }

    [Fact]
    public async Task Recorded_activations_that_are_not_an_answer_for_the_model_are_a_usage_error()
    {
        var expected = Path.Combine(folder.Path, "expected.safetensors");
        SafetensorsWriter.Write(expected, [NamedTensor.FromFloats("fc", new float[80], 8, 10)]);

        var (exit, _, stderr) = await Compare(new LayeredOracle(Port), "--bindings", Port.Id, "--expected", expected);

        exit.Should().Be(2);
        stderr.Should().StartWith($"error: {expected}: activations of LeNet1 name [fc]; expected the spec layers [conv1, tanh1, pool1");
    }

    [Theory]
    [InlineData(new[] { "--bindings", "port-csharp" }, "error: --bindings names two bindings (reference, then the binding under test), or one with --expected\n")]
    [InlineData(new[] { "--bindings", "reference-python,port-csharp", "--mutant", "no-such-bug" }, "error: unknown mutant 'no-such-bug'; known: ")]
    [InlineData(new[] { "--bindings", "reference-python,nobody" }, "error: unknown binding 'nobody'; known: reference-python, port-csharp\n")]
    public async Task Bad_usage_is_one_line_and_exit_2(string[] args, string message)
    {
        var (exit, stdout, stderr) = await Compare(new LayeredOracle(Port), args);

        exit.Should().Be(2);
        stderr.Should().StartWith(message);
        stderr.TrimEnd('\n').Should().NotContain("\n");
        stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_model_file_is_a_usage_error()
    {
        File.Delete(model);

        var (exit, _, stderr) = await Compare(new LayeredOracle(Port), "--bindings", $"{Reference.Id},{Port.Id}");

        exit.Should().Be(2);
        stderr.Should().Be($"error: no model file at {model}\n");
    }

    [Fact]
    public async Task A_corrupt_input_batch_or_recorded_activations_file_is_one_line_and_exit_2()
    {
        var corrupt = Path.Combine(folder.Path, "corrupt.safetensors");
        File.WriteAllText(corrupt, "not safetensors");
        File.Copy(corrupt, inputs, overwrite: true);

        var (inputsExit, inputsStdout, inputsError) = await Compare(new LayeredOracle(Port), "--bindings", $"{Reference.Id},{Port.Id}");
        InputBatch.FromTestSplit(Mnist, 8).Write(inputs);
        var (expectedExit, expectedStdout, expectedError) = await Compare(new LayeredOracle(Port), "--bindings", Port.Id, "--expected", corrupt);

        foreach (var (exit, stdout, stderr, file) in new[] { (inputsExit, inputsStdout, inputsError, inputs), (expectedExit, expectedStdout, expectedError, corrupt) })
        {
            exit.Should().Be(2, stderr);
            stderr.Should().StartWith($"error: {file}: not a valid safetensors file");
            stderr.TrimEnd('\n').Should().NotContain("\n");
            stdout.Should().BeEmpty();
        }
    }

    private async Task<(int Exit, string Stdout, string Stderr)> Compare(LayeredOracle target, params string[] options)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        string[] args = ["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model, "--inputs", inputs, .. options];
        var exit = await CommandDispatcher.RunAsync([new CompareCommand(() => new OracleRegistry([new LayeredOracle(Reference), target]))], args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
