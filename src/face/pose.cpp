#include "face/pose.hpp"

#include <array>
#include <cmath>

#include <opencv2/core.hpp>

namespace conforme {
namespace {

#include "face/pose_shape_model.inc"

constexpr int residual_count = 2 * pose_rigid_count;
constexpr int parameter_count = 6;  // yaw, pitch, roll (radians), scale, shift x, shift y
using Params = std::array<double, parameter_count>;
using Residual = std::array<double, residual_count>;

// Camera axes (x right, y down, z away from the camera), as scripts/train/fit_pose_model.py.
cv::Matx33d rotation(double yaw, double pitch, double roll) {
  const double cy = std::cos(yaw), sy = std::sin(yaw), cp = std::cos(pitch), sp = std::sin(pitch);
  const double cr = std::cos(roll), sr = std::sin(roll);
  const cv::Matx33d ry(cy, 0, -sy, 0, 1, 0, sy, 0, cy);
  const cv::Matx33d rx(1, 0, 0, 0, cp, sp, 0, -sp, cp);
  const cv::Matx33d rz(cr, -sr, 0, sr, cr, 0, 0, 0, 1);
  return rz * rx * ry;
}

// Residual of the fit in model units: (observed - projected) / scale, x and y of each landmark.
Residual residual_of(const Landmarks& lm, const Params& p) {
  const cv::Matx33d r = rotation(p[0], p[1], p[2]);
  Residual res;
  for (int i = 0; i < pose_rigid_count; ++i) {
    const cv::Vec3d q = r * cv::Vec3d(pose_model_xyz[i][0], pose_model_xyz[i][1], pose_model_xyz[i][2]);
    const cv::Point2f o = lm[pose_rigid_index[i]];
    res[2 * i] = (o.x - (p[3] * q[0] + p[4])) / p[3];
    res[2 * i + 1] = (o.y - (p[3] * q[1] + p[5])) / p[3];
  }
  return res;
}

// Starting point: no rotation, the model's centroid and spread matched to the landmarks'.
Params initial_guess(const Landmarks& lm) {
  double cx = 0, cy = 0;
  for (int i = 0; i < pose_rigid_count; ++i) {
    cx += lm[pose_rigid_index[i]].x;
    cy += lm[pose_rigid_index[i]].y;
  }
  cx /= pose_rigid_count;
  cy /= pose_rigid_count;
  double spread_photo = 0, spread_model = 0;
  for (int i = 0; i < pose_rigid_count; ++i) {
    const cv::Point2f o = lm[pose_rigid_index[i]];
    spread_photo += (o.x - cx) * (o.x - cx) + (o.y - cy) * (o.y - cy);
    spread_model += pose_model_xyz[i][0] * pose_model_xyz[i][0] + pose_model_xyz[i][1] * pose_model_xyz[i][1];
  }
  const double scale = spread_model > 0 ? std::sqrt(spread_photo / spread_model) : 1.0;
  return {0, 0, 0, scale > 0 ? scale : 1.0, cx, cy};  // the model is centred at the origin
}

}  // namespace

PoseFit fit_head_pose(const Landmarks& lm) {
  Params p = initial_guess(lm);
  PoseFit fit;
  constexpr int max_iterations = 20;
  for (int it = 0; it < max_iterations; ++it) {
    const Residual r = residual_of(lm, p);
    // Gauss-Newton on a forward-difference Jacobian: 6 parameters, 2 residuals a landmark.
    cv::Matx<double, parameter_count, parameter_count> jtj = cv::Matx<double, parameter_count, parameter_count>::zeros();
    cv::Vec<double, parameter_count> jtr = cv::Vec<double, parameter_count>::all(0);
    std::array<Residual, parameter_count> jac;
    for (int k = 0; k < parameter_count; ++k) {
      Params q = p;
      const double h = k == 3 ? 1e-6 * p[3] : k >= 4 ? 1e-4 : 1e-6;
      q[k] += h;
      const Residual rq = residual_of(lm, q);
      for (int j = 0; j < residual_count; ++j) jac[k][j] = (rq[j] - r[j]) / h;
    }
    for (int a = 0; a < parameter_count; ++a) {
      for (int b = a; b < parameter_count; ++b) {
        double s = 0;
        for (int j = 0; j < residual_count; ++j) s += jac[a][j] * jac[b][j];
        jtj(a, b) = jtj(b, a) = s;
      }
      double s = 0;
      for (int j = 0; j < residual_count; ++j) s += jac[a][j] * r[j];
      jtr[a] = -s;
    }
    cv::Vec<double, parameter_count> step;
    if (!cv::solve(jtj, jtr, step, cv::DECOMP_SVD)) break;
    for (int k = 0; k < parameter_count; ++k) p[k] += step[k];
    if (!(p[3] > 0) || !std::isfinite(p[0]) || !std::isfinite(p[1])) return fit;  // diverged
    if (std::max({std::abs(step[0]), std::abs(step[1]), std::abs(step[2])}) < 1e-7) {
      fit.converged = true;
      break;
    }
  }
  const Residual r = residual_of(lm, p);
  double ss = 0;
  for (double v : r) ss += v * v;
  constexpr double degrees = 180.0 / CV_PI;
  fit.pose.yaw_deg = p[0] * degrees;
  fit.pose.pitch_deg = p[1] * degrees;
  fit.pose.roll_deg = p[2] * degrees;
  fit.scale = p[3];
  fit.residual = std::sqrt(ss / residual_count);
  return fit;
}

Landmarks project_pose_model(const HeadPose& pose, double scale, cv::Point2f centre) {
  constexpr double radians = CV_PI / 180.0;
  const cv::Matx33d r = rotation(pose.yaw_deg * radians, pose.pitch_deg * radians, pose.roll_deg * radians);
  Landmarks lm;
  lm.fill(centre);
  for (int i = 0; i < pose_rigid_count; ++i) {
    const cv::Vec3d q = r * cv::Vec3d(pose_model_xyz[i][0], pose_model_xyz[i][1], pose_model_xyz[i][2]);
    lm[pose_rigid_index[i]] = centre + cv::Point2f(static_cast<float>(scale * q[0]), static_cast<float>(scale * q[1]));
  }
  return lm;
}

const char* pose_model_sha256() { return pose_model_table_sha256; }

}  // namespace conforme
