"""The DNN experiment of dnn.py, trained data-parallel by several MPI processes.

Every process that ``mpiexec`` starts holds a replica of ``Linear(64, 64) + Sigmoid
+ Linear(64, 10)`` and trains it on its share of each minibatch (an
``ad_data.DistributedSampler`` deals the digits out);
``ad_nn.parallel.DistributedDataParallel`` averages the gradients after each
backward, so the replicas stay identical and each step is the one a single process
would take on the whole minibatch. ``--batch-size`` is that whole minibatch (32, as
in dnn.py), shared equally by the processes. Rank 0 alone prints, evaluates, and
writes the figure, the JSON and the checkpoint ``ddp.safetensors``.

Run ``mpiexec -n 2 python examples/ddp.py`` (``--help`` lists the flags); add
``-f hosts`` to spread the processes over machines. Alone, ``python examples/ddp.py``
is a job of one process.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from common import History, evaluate, load_digits, parse_args, save_results
from dnn import DNN

import ad_core
import ad_nn as nn
import ad_nn.parallel as dist
from ad_data import ArrayDataset, DataLoader, DistributedSampler
from ad_optim import Adam

LABEL = "Linear + Sigmoid + Linear"


def main() -> None:
    settings = parse_args(__doc__)
    dist.init_process_group()
    rank, world = dist.get_rank(), dist.get_world_size()
    if settings.batch_size % world:
        if rank == 0:
            print(
                f"ddp.py: --batch-size {settings.batch_size} must be a multiple of the "
                f"{world} processes",
                file=sys.stderr,
            )
        raise SystemExit(2)
    data = load_digits(settings.seed)
    ad_core.manual_seed(settings.seed)
    # Rank 0's initial weights reach every rank here.
    model = dist.DistributedDataParallel(DNN(data.height * data.width, 64, data.classes))
    train_set = ArrayDataset(data.x_train, data.y_train)
    sampler = DistributedSampler(train_set, seed=settings.seed)  # rank and size from MPI
    loader = DataLoader(train_set, batch_size=settings.batch_size // world, sampler=sampler)
    optimizer = Adam(model.parameters(), lr=settings.lr)
    loss_fn = nn.CrossEntropyLoss()
    history = History()
    for epoch in range(1, settings.epochs + 1):
        sampler.set_epoch(epoch)  # a new shuffle, the same on every rank
        start = time.perf_counter()
        model.train()
        totals = ad_core.zeros(2, dtype=np.float64)  # this rank's summed loss and samples
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(ad_core.tensor(x)), ad_core.tensor(y))
            loss.backward()  # the gradients are averaged over the ranks here
            optimizer.step()
            totals.array += (loss.item() * len(y), len(y))
        dist.all_reduce(totals)  # over every rank's samples
        seconds = time.perf_counter() - start
        if rank != 0:
            continue
        history.seconds.append(seconds)
        history.loss.append(float(totals.array[0] / totals.array[1]))
        # The replicas are identical: rank 0 evaluates its own, with no collective.
        history.train_accuracy.append(evaluate(model.module, data.x_train, data.y_train)[1])
        test_loss, test_accuracy = evaluate(model.module, data.x_test, data.y_test)
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)
        settings.out.mkdir(parents=True, exist_ok=True)
        nn.save(model.module.state_dict(), settings.out / "ddp.safetensors")
        print(
            f"{LABEL} on {world} processes  epoch {epoch:3d}/{settings.epochs}  "
            f"loss {history.loss[-1]:.4f}  train {history.train_accuracy[-1]:7.2%}  "
            f"test {history.test_accuracy[-1]:7.2%}  {seconds:.2f} s",
            flush=True,
        )
    if rank == 0:
        title = f"DNN on digits, data-parallel on {world} processes"
        save_results("ddp", title, settings, data, {LABEL: history})
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
