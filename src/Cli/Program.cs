using BindingConformance.Cli;
using BindingConformance.Cli.Commands;

ICommand[] commands =
[
    new DoctorCommand(),
    new StatsCommand(),
    new ReplicateCommand(),
];

return await CommandDispatcher.RunAsync(commands, args, Console.Out, Console.Error);
