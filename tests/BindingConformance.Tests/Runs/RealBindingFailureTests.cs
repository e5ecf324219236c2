using System.Diagnostics;
using System.Runtime.Versioning;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// The failures a run must turn into failed cells, produced by the real Python PyTorch binding: damaged
/// model files, inputs of the wrong shape and a worker killed mid-request each raise an
/// <see cref="OracleException"/> naming the cause, and the oracle keeps serving afterwards.
/// </summary>
public sealed class RealBindingFailureTests(TrainedLeNet1 trained) : IClassFixture<TrainedLeNet1>
{
    [Fact]
    public async Task A_truncated_safetensors_file_is_rejected_naming_the_file_and_the_missing_bytes()
    {
        var path = await TruncatedCopyAsync(ModelFormat.Safetensors);

        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors, path));

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Contain(path).And.Contain("lie outside the").And.Contain("data buffer");
        (await trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors))).Count
            .Should().Be(trained.Data.TestCount, "a rejected file fails its request, not the worker");
    }

    [Fact]
    public async Task A_truncated_torchsharp_file_is_rejected_naming_the_file_and_the_byte_where_it_broke()
    {
        var path = await TruncatedCopyAsync(ModelFormat.TorchSharp);

        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.TorchSharp, path));

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Contain($"{path}: at byte").And.Contain("TorchSharpFormatError");
    }

    [Fact]
    public async Task A_torchsharp_file_overwritten_with_garbage_is_rejected_not_loaded()
    {
        var path = trained.Scratch("garbage.dat");
        var bytes = await File.ReadAllBytesAsync(trained.PathOf(ModelFormat.TorchSharp));
        // The entry count is the file's first ULEB128; twelve continuation bytes make it longer than 64 bits.
        bytes.AsSpan(0, 12).Fill(0xFF);
        await File.WriteAllBytesAsync(path, bytes);

        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.TorchSharp, path));

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain($"{path}: at byte 10: ULEB128 entry count is longer than 64 bits");
    }

    [Fact]
    public async Task Weights_of_another_architecture_are_rejected_naming_the_mismatched_tensors()
    {
        var lenet5 = trained.Evaluate(ModelFormat.Safetensors) with { Model = ModelZoo.Get(ModelZoo.LeNet5) };

        var evaluate = () => trained.Python.EvaluateAsync(lenet5);

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Contain("weights do not match model LeNet5").And.Contain("fc1.weight").And.Contain("unexpected ['fc.bias', 'fc.weight']");
    }

    [Fact]
    public async Task Weights_with_the_right_names_but_the_wrong_shapes_are_rejected_naming_the_tensor_and_both_shapes()
    {
        // LeNet-1 with 8 instead of 12 feature maps in its second convolution: the same tensor names, other shapes.
        var narrower = trained.Model with
        {
            Layers = trained.Model.Layers.Select(l => l.Name switch
            {
                "conv2" => Layers.Conv2d("conv2", 4, 8, 5),
                "fc" => Layers.Linear("fc", 8 * 4 * 4, 10),
                _ => l,
            }).ToArray(),
        };

        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors) with { Model = narrower });

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain(trained.PathOf(ModelFormat.Safetensors))
            .And.Contain("'conv2.weight' is torch.float32 [12, 4, 5, 5], the model needs torch.float32 [8, 4, 5, 5]");
    }

    [Fact]
    public async Task An_input_shape_the_data_does_not_have_is_rejected_with_a_shape_error()
    {
        var wrongShape = trained.Evaluate(ModelFormat.Safetensors) with { Model = trained.Model with { InputShape = [1, 32, 32] } };

        var evaluate = () => trained.Python.EvaluateAsync(wrongShape);

        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message
            .Should().Contain($"{trained.Data.Path}: test_x has shape [200, 1, 28, 28]; model LeNet1 and the dataset reference need [200, 1, 32, 32]");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_worker_killed_mid_request_fails_that_request_with_its_stderr_tail_and_the_next_request_gets_a_fresh_worker()
    {
        var python = new PidRecordingPython(trained.Folder);
        await using var oracle = ShippedWorkers.Python(python.Executable, threads: 1);
        var killed = 0;
        oracle.Progress += (_, _) =>
        {
            // Killed at the first progress frame, i.e. while the training request is in flight.
            if (Interlocked.Exchange(ref killed, 1) == 0) python.KillWorker();
        };
        var epochs = 30;
        var longTraining = new TrainRequest(trained.Model, trained.Data, 1, new TrainingSettings(epochs, 32), Device.Cpu,
            Oracles.Data.BatchOrder.Create(1, trained.Data.TrainCount, epochs), []);

        var train = () => oracle.TrainAsync(longTraining);

        var error = (await train.Should().ThrowAsync<OracleException>()).Which;
        var firstPid = python.Pid;
        error.Message.Should().Contain("pytorch-python worker failed during 'train'").And.Contain("SIGKILL").And.Contain(python.StderrLine);
        var evaluation = await oracle.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors));
        evaluation.Count.Should().Be(trained.Data.TestCount);
        python.Pid.Should().NotBe(firstPid, "the killed worker was replaced by a fresh one");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_worker_stopped_mid_request_times_out_at_the_request_limit_and_the_next_request_gets_a_fresh_worker()
    {
        var python = new PidRecordingPython(trained.Folder);
        await using var oracle = ShippedWorkers.Python(python.Executable, threads: 1);
        oracle.Probe().Available.Should().BeTrue("the worker starts before the limited request");
        var stopped = 0;
        oracle.Progress += (_, _) =>
        {
            // SIGSTOPped at the first progress frame: alive, in the middle of training, silent from then on.
            if (Interlocked.Exchange(ref stopped, 1) == 0) python.StopWorker();
        };
        var epochs = 30;
        var limit = TimeSpan.FromSeconds(10);
        var longTraining = new TrainRequest(trained.Model, trained.Data, 1, new TrainingSettings(epochs, 32), Device.Cpu,
            Oracles.Data.BatchOrder.Create(1, trained.Data.TrainCount, epochs), []) { TimeLimit = limit };
        var clock = Stopwatch.StartNew();

        var train = () => oracle.TrainAsync(longTraining);

        var error = (await train.Should().ThrowAsync<OracleException>()).Which;
        clock.Elapsed.Should().BeLessThan(limit + TimeSpan.FromSeconds(10), "killing a stopped worker takes moments");
        var stoppedPid = python.Pid;
        error.Message.Should().Contain("pytorch-python worker failed during 'train'").And.Contain("timed out after 10 s (set for this request)")
            .And.Contain(python.StderrLine);
        Directory.Exists($"/proc/{stoppedPid}").Should().BeFalse("the stopped worker was killed and reaped");
        var evaluation = await oracle.EvaluateAsync(trained.Evaluate(ModelFormat.Safetensors));
        evaluation.Count.Should().Be(trained.Data.TestCount);
        python.Pid.Should().NotBe(stoppedPid, "the stopped worker was replaced by a fresh one");
    }

    private async Task<string> TruncatedCopyAsync(ModelFormat format)
    {
        var bytes = await File.ReadAllBytesAsync(trained.PathOf(format));
        var path = trained.Scratch($"truncated-{Guid.NewGuid():N}.{format}");
        await File.WriteAllBytesAsync(path, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());
        return path;
    }
}
