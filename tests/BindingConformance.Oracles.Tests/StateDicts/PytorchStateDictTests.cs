using System.Diagnostics;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.StateDicts;

/// <summary>
/// PyTorch's <c>torch.save(model.state_dict())</c> files between Python PyTorch (<c>torch.save</c>, <c>torch.load(weights_only=True)</c>)
/// and TorchSharp (TorchSharp.PyBridge's <c>save_py</c> and unpickler after the weights-only rule), both ways, judged by the
/// evaluation rules (the writer's correct count exactly on every pass, logits within 1e-4); and hostile pickles refused by both
/// in one line without running what they carry.
/// </summary>
public sealed class PytorchStateDictTests(StateDictModels models) : IClassFixture<StateDictModels>
{
    private const double LogitTolerance = 1e-4;

    [Fact]
    public async Task Pythons_state_dict_runs_in_TorchSharp_as_Python_trained_it()
    {
        var result = await models.TorchSharp.EvaluateAsync(models.Evaluate(models.PathOf(models.Python)));

        AssertReproduces(result, models.PythonResult);
    }

    [Fact]
    public async Task TorchSharps_state_dict_runs_in_Python_as_TorchSharp_trained_it()
    {
        var result = await models.Python.EvaluateAsync(models.Evaluate(models.PathOf(models.TorchSharp)));

        AssertReproduces(result, models.TorchSharpResult);
    }

    [Fact]
    public async Task A_pickle_that_carries_code_is_refused_by_both_bindings_in_one_line_and_its_code_never_runs()
    {
        var marker = Path.Combine(models.Folder, "code-ran");
        var code = Hostile(marker)["code.pt"];

        var torchSharp = await Refusal(models.TorchSharp, code);
        var python = await Refusal(models.Python, code);

        torchSharp.Should().Be($"torchsharp could not load PytorchStateDict file {code} as StateDictCnn: {code}: not a valid pytorch_state_dict file: its pickle imports posix.system, which no state dict needs " +
                               "(a pickle that names code runs it when loaded); a state dict imports collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storages only");
        python.Should().Be($"pytorch-python worker could not 'evaluate': ValueError: {code}: not a valid pytorch_state_dict file: " +
                           "torch.load(weights_only=True) refused it: Unsupported class posix.system");
        File.Exists(marker).Should().BeFalse("no binding ran the pickle's os.system call");
    }

    [Theory]
    [InlineData("truncated.pt")]
    [InlineData("garbage.pt")]
    public async Task A_malformed_pickle_is_refused_by_both_bindings_in_one_line(string name)
    {
        var file = Hostile(Path.Combine(models.Folder, "unused-marker"))[name];

        var torchSharp = await Refusal(models.TorchSharp, file);
        var python = await Refusal(models.Python, file);

        torchSharp.Should().StartWith($"torchsharp could not load PytorchStateDict file {file} as StateDictCnn: {file}: not a valid pytorch_state_dict file: ");
        python.Should().StartWith($"pytorch-python worker could not 'evaluate': ValueError: {file}: not a valid pytorch_state_dict file: torch.load(weights_only=True) refused it: ");
    }

    private void AssertReproduces(EvaluateResult result, TrainResult writer)
    {
        var expectedCorrect = (int)Math.Round(writer.FinalTestAccuracy * models.Data.TestCount);
        result.CorrectPerPass.Should().NotBeEmpty().And.OnlyContain(c => c == expectedCorrect);
        var expected = writer.FinalTestLogits!;
        foreach (var pass in result.PassLogits ?? [result.Logits])
            pass.Zip(expected, (a, b) => (double)Math.Abs(a - b)).Max().Should().BeLessThan(LogitTolerance);
    }

    private async Task<string> Refusal(IBindingOracle oracle, string path)
    {
        var evaluate = () => oracle.EvaluateAsync(models.Evaluate(path));
        var message = (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message;
        message.Should().NotContain("\n").And.NotContain("Traceback");
        return message;
    }

    private Dictionary<string, string> Hostile(string marker)
    {
        var folder = Path.Combine(models.Folder, "hostile");
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(ShippedWorkers.PythonExecutable,
            [Path.Combine(AppContext.BaseDirectory, "StateDicts", "make_hostile_pickles.py"), folder, marker]) { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, errors);
        return Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), f => f);
    }
}
