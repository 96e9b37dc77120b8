-- Bond coupons whose record date has passed on the indexed chain (the job queue's coupon-record-dates job).
CREATE TABLE "CouponRecord" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "paymentDate" TIMESTAMP(3) NOT NULL,
    "recordDate" TIMESTAMP(3) NOT NULL,
    "recordBlock" BIGINT,
    "amountPerUnit" DECIMAL(78,0) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CouponRecord_pkey" PRIMARY KEY ("chainId","token","number")
);
