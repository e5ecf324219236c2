using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// The study's cross-binding inference check between Python PyTorch and TorchSharp: a model saved by one
/// binding and loaded by the other gives exactly the saving binding's number of correct test predictions,
/// on each of 5 passes.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class PyTorchFamilyCrossLoadTests(TrainedLeNet5 trained, TorchSharpTrainedLeNet5 torchSharpModel)
    : IClassFixture<TorchSharpTrainedLeNet5>
{
    [Theory]
    [InlineData(ModelFormat.TorchScriptTraced)]
    [InlineData(ModelFormat.TorchScriptScripted)]
    [InlineData(ModelFormat.Safetensors)]
    [InlineData(ModelFormat.TorchSharp)]
    public async Task Python_model_loads_in_torchsharp_with_the_same_correct_count(ModelFormat format)
    {
        await using var torchSharp = new TorchSharpOracle();

        var result = await torchSharp.EvaluateAsync(trained.Evaluate(format));

        result.CorrectPerPass.Should().HaveCount(5).And.OnlyContain(c => c == trained.FinalCorrect);
    }

    [Theory]
    [InlineData(ModelFormat.Safetensors)]
    [InlineData(ModelFormat.TorchSharp)]
    public async Task TorchSharp_model_loads_in_python_with_the_same_correct_count(ModelFormat format)
    {
        var expected = (int)Math.Round(torchSharpModel.Result.FinalTestAccuracy * trained.Data.TestCount);

        var result = await trained.Python.EvaluateAsync(trained.Evaluate(format, torchSharpModel.PathOf(format)));

        result.CorrectPerPass.Should().HaveCount(5).And.OnlyContain(c => c == expected);
    }
}
