using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// The Python PyTorch binding for real, through its shipped manifest and the generic worker oracle: /usr/bin/python3 with
/// Debian's torch, on real MNIST digits.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class PythonTorchBindingTests(TrainedLeNet5 trained)
{
    [Fact]
    public void Probe_starts_python_and_reports_torch_as_its_release_and_engine()
    {
        var availability = trained.Python.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Binding.Should().Be(new BindingDescriptor("pytorch-python", "pytorch", "python", IsDefault: true));
        availability.Version.Should().MatchRegex(@"^\d+\.\d+");
        availability.Engine.Should().Be(new BindingEngine("libtorch", availability.Version), "Python's torch is the libtorch it runs");
        availability.Devices.Should().Contain(Device.Cpu);
    }

    [Fact]
    public void Its_hello_declares_what_the_python_oracle_used_to_hard_code()
    {
        var capabilities = trained.Python.Capabilities;

        trained.Python.Should().BeAssignableTo<ITrainingStepProbe>();
        capabilities.CanTrain.Should().BeTrue();
        capabilities.Models.Should().Equal(ModelZoo.Names);
        capabilities.SaveFormats.Should().Equal(ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted, ModelFormat.Onnx);
        capabilities.LoadFormats.Should().Equal(ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted);
        capabilities.ActivationFormats.Should().Equal(capabilities.LoadFormats);
        capabilities.ExecutionModes.Should().Equal(ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted);
        capabilities.AlternateBackends.Should().BeEmpty();
        capabilities.SlowTraining.Should().BeFalse();
    }

    [Fact]
    public async Task Probe_says_whether_torch_lacks_a_cuda_build_or_a_cuda_device()
    {
        // Asked of torch directly, outside the worker: "None" for a CPU-only build (Debian's python3-torch).
        var info = new ProcessStartInfo(ShippedWorkers.PythonExecutable,
            ["-c", "import torch; print(torch.version.cuda, torch.cuda.is_available())"]) { RedirectStandardOutput = true };
        using var python = Process.Start(info)!;
        var answer = (await python.StandardOutput.ReadToEndAsync()).Split();
        await python.WaitForExitAsync();

        var availability = trained.Python.Probe();

        if (answer[1] == "True") availability.Devices.Should().Contain(Device.Cuda);
        else availability.WhyNot(Device.Cuda).Should().Be(
            $"CUDA not available for pytorch-python: torch {availability.Version} " +
            (answer[0] == "None" ? "is a CPU-only build (torch.version.cuda is None)" : $"is built for CUDA {answer[0]} but finds no CUDA device"));
    }

    [Fact]
    public async Task Probe_of_a_missing_python_says_why_and_how_to_fix()
    {
        await using var oracle = ShippedWorkers.Python("/nonexistent/python3");

        var availability = oracle.Probe();

        availability.Available.Should().BeFalse();
        availability.Reason.Should().Contain("/nonexistent/python3");
        availability.Fix.Should().Contain("python3-torch");
    }

    [Fact]
    public void Training_lenet5_learns_mnist()
    {
        // Chance is 0.1; 250 SGD steps of LeNet-5 reach well above 0.85 on MNIST.
        trained.Result.TestAccuracy.Should().HaveCount(TrainedLeNet5.Epochs);
        trained.Result.TrainAccuracy.Should().HaveCount(TrainedLeNet5.Epochs).And.OnlyContain(a => a > 0.8);
        trained.Result.FinalTestAccuracy.Should().BeGreaterThan(0.85).And.Be(trained.Result.TestAccuracy[^1]);
        trained.Result.TrainingSeconds.Should().BePositive();
        trained.Result.BindingVersion.Should().Be(trained.Python.Probe().Version);
        trained.Progress.Should().HaveCount(TrainedLeNet5.Epochs).And.OnlyContain(p => p.StartsWith("train: epoch "));
    }

    [Theory]
    [InlineData(ModelFormat.Safetensors)]
    [InlineData(ModelFormat.TorchScriptTraced)]
    public async Task Cuda_evaluation_matches_cpu_where_torch_has_cuda_and_is_refused_by_name_where_it_has_not(ModelFormat format)
    {
        var onCuda = trained.Evaluate(format) with { Device = Device.Cuda };
        var availability = trained.Python.Probe();

        if (availability.Devices.Contains(Device.Cuda))
        {
            var cpu = await trained.Python.EvaluateAsync(trained.Evaluate(format));
            var cuda = await trained.Python.EvaluateAsync(onCuda);
            cuda.CorrectPerPass.Should().AllBeEquivalentTo(cpu.CorrectPerPass[0], "the study requires the same correct count on CPU and GPU");
        }
        else
        {
            var evaluate = () => trained.Python.EvaluateAsync(onCuda);
            (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
                .Should().Contain($"device 'cuda' is not available to torch {availability.Version} here (available: cpu)");
        }
    }

    [Theory]
    [InlineData(ModelFormat.Safetensors)]
    [InlineData(ModelFormat.TorchSharp)]
    [InlineData(ModelFormat.TorchScriptTraced)]
    [InlineData(ModelFormat.TorchScriptScripted)]
    public async Task Every_saved_format_loads_back_with_the_trained_accuracy_on_every_pass(ModelFormat format)
    {
        var result = await trained.Python.EvaluateAsync(trained.Evaluate(format));

        result.Count.Should().Be(trained.Data.TestCount);
        result.Classes.Should().Be(10);
        result.CorrectPerPass.Should().HaveCount(5).And.OnlyContain(c => c == trained.FinalCorrect);
        result.Logits.Should().HaveCount(trained.Data.TestCount * 10);
        result.PassSeconds.Should().HaveCount(5).And.OnlyContain(s => s > 0);
    }

    [Fact]
    public async Task Onnx_export_runs_in_onnx_runtime_with_the_same_predictions()
    {
        await using var onnx = new OnnxRuntimeOracle(threads: 2);
        var python = await trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors));

        var runtime = await onnx.EvaluateAsync(trained.Evaluate(ModelFormat.Onnx));

        runtime.CorrectPerPass.Should().HaveCount(5).And.OnlyContain(c => c == trained.FinalCorrect);
        runtime.Logits.Zip(python.Logits, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public async Task Loading_onnx_in_python_is_refused_with_a_reason()
    {
        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.Onnx));

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain("cannot load Onnx");
    }

    [Fact]
    public async Task Weights_of_another_model_are_rejected_by_name()
    {
        var lenet1 = trained.Evaluate(ModelFormat.Safetensors) with { Model = ModelZoo.Get(ModelZoo.LeNet1) };

        var evaluate = () => trained.Python.EvaluateAsync(lenet1);

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Contain("do not match model LeNet1").And.Contain("fc1.weight");
    }

    [Fact]
    public async Task A_request_over_its_time_limit_kills_the_worker_and_the_next_request_starts_a_fresh_one()
    {
        await using var oracle = ShippedWorkers.Python(threads: 1);
        var slow = new TrainRequest(trained.Model, trained.Data, 1, new TrainingSettings(50, 32), Device.Cpu,
            BatchOrder.Create(1, trained.Data.TrainCount, 50), []) { TimeLimit = TimeSpan.FromSeconds(1) };

        var train = () => oracle.TrainAsync(slow);

        (await train.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain("'train'").And.Contain("timed out after 1 s");
        var next = await oracle.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors));
        next.CorrectPerPass.Should().OnlyContain(c => c == trained.FinalCorrect, "a broken worker is replaced by a fresh one");
    }

    [Fact]
    public async Task A_torchscript_forward_that_never_returns_times_out_and_the_next_request_gets_a_fresh_worker()
    {
        var folder = Directory.CreateTempSubdirectory("pytorch-forever-");
        try
        {
            var archive = await NeverEndingTorchScript.WriteAsync(folder.FullName, ModelZoo.Get(ModelZoo.LeNet5));
            await using var oracle = ShippedWorkers.Python(threads: 1);
            oracle.Probe().Available.Should().BeTrue("the worker starts before the limited request");
            var clock = Stopwatch.StartNew();

            var evaluate = () => oracle.EvaluateAsync(trained.Evaluate(ModelFormat.TorchScriptScripted, archive) with { TimeLimit = TimeSpan.FromSeconds(5) });

            (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should()
                .Contain("pytorch-python worker failed during 'evaluate': it timed out after 5 s (set for this request) and was killed");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15));
            var next = await oracle.EvaluateAsync(trained.Evaluate(ModelFormat.TorchScriptScripted));
            next.CorrectPerPass.Should().OnlyContain(c => c == trained.FinalCorrect);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
