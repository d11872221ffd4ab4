#pragma once
/// \file parallel.hpp
/// The one way micgraph's analyses use several cores: parallel_for hands out the indices of an
/// embarrassingly parallel loop (targets, sampled sources, candidate cuts) to a few worker
/// threads. Each worker has a number, so it can keep its own scratch state; the callers make
/// their results independent of the thread count by writing each index's result to its own
/// place and combining in index order.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace micgraph {

/// Worker threads for `requested` (0: one per core), never more than `work` items need.
inline unsigned thread_count(unsigned requested, std::size_t work) {
  unsigned threads = requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, work)));
}

/// Calls body(index, worker) once for every index in [0, count), on `threads` workers numbered
/// 0..threads-1 (worker 0 is the calling thread). Indices are handed out in ascending order in
/// chunks of `chunk`; which worker gets which index is not fixed. The first exception a body
/// throws stops the handing out and is rethrown here once every worker has stopped.
template <class Body>
void parallel_for(std::size_t count, unsigned threads, Body&& body, std::size_t chunk = 1) {
  chunk = std::max<std::size_t>(1, chunk);
  if (threads <= 1 || count <= chunk) {
    for (std::size_t i = 0; i < count; ++i) body(i, 0u);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_lock;
  auto work = [&](unsigned worker) {
    try {
      while (!failed.load(std::memory_order_relaxed)) {
        const std::size_t first = next.fetch_add(chunk, std::memory_order_relaxed);
        if (first >= count) break;
        for (std::size_t i = first, last = std::min(count, first + chunk); i < last; ++i)
          body(i, worker);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_lock);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  try {
    pool.reserve(threads - 1);
    for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
  } catch (...) {  // no more threads to be had: the ones started and this one do the work
  }
  work(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace micgraph
