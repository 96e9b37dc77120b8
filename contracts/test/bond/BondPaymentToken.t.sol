// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BondTestBase} from "./BondTestBase.sol";
import {IBond} from "../../src/interfaces/IBond.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @dev A payment token that keeps 1% of every transfer (fee-on-transfer).
contract FeeUSD is ERC20 {
    constructor() ERC20("Fee USD", "FUSD") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0xFEE), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @dev A payment token that calls back into the Bond contract while it pays a holder.
contract ReentrantUSD is ERC20 {
    IBond internal bond;
    address internal bondToken;
    bytes public reason;

    constructor() ERC20("Hook USD", "HUSD") {}

    function arm(IBond b, address t) external {
        bond = b;
        bondToken = t;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (address(bond) != address(0) && from == address(bond)) {
            IBond b = bond;
            bond = IBond(address(0)); // once
            try b.redeemAtMaturity(bondToken, 1e18) {}
            catch (bytes memory err) {
                reason = err;
            }
            try b.reclaimExcess(bondToken, to) {}
            catch (bytes memory err) {
                reason = bytes.concat(reason, err);
            }
        }
    }
}

/// @dev Payment tokens the issuer may name that do not behave like TestUSD: the accounts follow what arrives, and a
/// token that calls back cannot re-enter a redemption or a reclaim.
contract BondPaymentTokenTest is BondTestBase {
    function test_fundRedemption_Success_WhenFeeOnTransferCreditsWhatArrives() public {
        FeeUSD fee = new FeeUSD();
        IBond.BondTerms memory t = _terms();
        t.paymentToken = address(fee);
        vm.prank(ops);
        bond.setTerms(address(bondToken), t);
        _mintBond(alice, 1e18);
        vm.warp(maturityDate);
        fee.mint(ops, 2000e6);
        vm.startPrank(ops);
        fee.approve(address(bond), type(uint256).max);
        vm.expectEmit(address(bond));
        emit IBond.RedemptionFunded(address(bondToken), ops, 990e6, 990e6);
        bond.fundRedemption(address(bondToken), 1000e6);
        assertFalse(bond.redemption(address(bondToken)).matured, "990 arrived: short of 1,000");
        bond.fundRedemption(address(bondToken), 20e6); // 19.8 arrive
        vm.stopPrank();
        IBond.Redemption memory r = bond.redemption(address(bondToken));
        assertTrue(r.matured);
        assertEq(r.funded, 1009_800000);
        assertEq(fee.balanceOf(address(bond)), r.funded, "the accounts equal the balance");
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 1e18);
        assertEq(fee.balanceOf(alice), 990e6, "the holder bears the token's own fee");
        assertEq(bond.redemption(address(bondToken)).paid, 1000e6);
    }

    function test_redeemAtMaturity_RevertWhen_PaymentTokenReenters() public {
        ReentrantUSD hook = new ReentrantUSD();
        IBond.BondTerms memory t = _terms();
        t.paymentToken = address(hook);
        vm.prank(ops);
        bond.setTerms(address(bondToken), t);
        _mintBond(alice, 10e18);
        vm.warp(maturityDate);
        hook.mint(ops, 20_000e6);
        vm.startPrank(ops);
        hook.approve(address(bond), type(uint256).max);
        bond.fundRedemption(address(bondToken), 20_000e6); // 10,000 over
        vm.stopPrank();
        hook.arm(bond, address(bondToken));
        vm.prank(alice);
        bond.redeemAtMaturity(address(bondToken), 5e18);
        bytes4 guard = ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector;
        assertEq(hook.reason(), bytes.concat(abi.encodeWithSelector(guard), abi.encodeWithSelector(guard)));
        assertEq(bondToken.balanceOf(alice), 5e18, "one redemption only");
        IBond.Redemption memory r = bond.redemption(address(bondToken));
        assertEq(r.paid, 5000e6);
        assertEq(r.reclaimed, 0);
        assertEq(hook.balanceOf(address(bond)), 15_000e6);
    }
}
